"""Questions and answers on a project, experience reports on an adoption (issue 13).

Questions and answers are Markdown, rendered by the services through the same
bounded renderer and sanitiser as descriptions (``projects.markup``) and
stored as HTML. Coordinators hide them with a reason; nothing is deleted, the
reason stays in the history. An experience report (Erfahrungsbericht) belongs
to one adoption and is written by the adopting city; what reuse saved is
derived from it (``projects.selectors.reuse``).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldRangeConstraint
from core.fields import AmountModelField, CountModelField, SmallCountModelField
from core.text import validate_multi_line
from members.models import Municipality
from projects.markup import validate_safe_markdown
from projects.models.adoptions import Adoption
from projects.models.projects import Project

MAX_POST_LENGTH = 5_000
# More than 20,000 person-days (about 90 person-years) is a typing error.
MAX_EFFORT_DAYS = 20_000
# Ten years from the decision to operation.
MAX_DURATION_MONTHS = 120
MAX_COST = 99_999_999_999  # numeric(13, 2) without cents, the column's bound

NOT_NEGATIVE = _("Kosten dürfen nicht negativ sein.")
EFFORT_MESSAGE = _("Bitte geben Sie einen Aufwand zwischen 0 und 20.000 Personentagen an.")
DURATION_MESSAGE = _("Bitte geben Sie eine Dauer zwischen 0 und 120 Monaten an.")
COST_MESSAGE = _("Bitte geben Sie einen Betrag zwischen 0 und 99.999.999.999 Euro an.")

validate_post_length = MaxLengthValidator(
    MAX_POST_LENGTH,
    message=_("Der Text darf höchstens %(limit_value)d Zeichen lang sein; er hat %(show_value)d."),
)


class Post(models.Model):
    """What questions and answers share: Markdown text, its HTML, hiding."""

    body = models.TextField(
        _("Text"),
        help_text=_("Markdown; Skripte und HTML werden entfernt."),
        validators=[validate_multi_line, validate_post_length, validate_safe_markdown],
    )
    body_html = models.TextField(_("Text (HTML)"), blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_example = models.BooleanField(_("Beispieldatensatz"), default=False)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausgeblendet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(
        _("Grund für das Ausblenden"), blank=True, validators=[validate_multi_line]
    )
    created_at = models.DateTimeField(_("verfasst am"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


def _post_bounded(name: str) -> FieldCheckConstraint:
    return FieldCheckConstraint(
        condition=LessThanOrEqual(Length("body"), MAX_POST_LENGTH),
        name=name,
        field="body",
        violation_error_message=_("Der Text darf höchstens 5.000 Zeichen lang sein."),
    )


class Question(Post):
    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="questions"
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["-created_at", "-pk"]
        constraints = [_post_bounded("question_body_bounded")]
        indexes = [models.Index(fields=["project", "-created_at"], name="question_project")]

    def __str__(self) -> str:
        return _("Frage zu %(project)s") % {"project": self.project}


class Answer(Post):
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="answers"
    )

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering = ["created_at", "pk"]
        constraints = [_post_bounded("answer_body_bounded")]
        indexes = [models.Index(fields=["question", "created_at"], name="answer_question")]

    def __str__(self) -> str:
        return _("Antwort auf %(question)s") % {"question": self.question}


def _range(field: str, upper: int, message, name: str) -> FieldRangeConstraint:
    return FieldRangeConstraint(
        field=field, lower=0, upper=upper, name=name, violation_error_message=message
    )


class ExperienceReport(models.Model):
    """Erfahrungsbericht of the adopting city on one adoption."""

    class Recommendation(models.TextChoices):
        YES = "ja", _("Ja")
        LIMITED = "eingeschraenkt", _("Mit Einschränkungen")
        NO = "nein", _("Nein")

    adoption = models.OneToOneField(
        Adoption,
        verbose_name=_("Nachnutzung"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    effort_person_days = CountModelField(
        _("Eigener Aufwand (Personentage)"),
        validators=[MaxValueValidator(MAX_EFFORT_DAYS, EFFORT_MESSAGE)],
    )
    investment_cost = AmountModelField(
        _("Eigene Investitionskosten (EUR)"),
        max_digits=13,
        decimal_places=2,
        validators=[
            MinValueValidator(0, NOT_NEGATIVE),
            MaxValueValidator(MAX_COST, COST_MESSAGE),
        ],
    )
    running_cost_per_year = AmountModelField(
        _("Eigene laufende Kosten pro Jahr (EUR)"),
        max_digits=13,
        decimal_places=2,
        validators=[
            MinValueValidator(0, NOT_NEGATIVE),
            MaxValueValidator(MAX_COST, COST_MESSAGE),
        ],
    )
    duration_months = SmallCountModelField(
        _("Dauer bis zum Betrieb (Monate)"),
        validators=[MaxValueValidator(MAX_DURATION_MONTHS, DURATION_MESSAGE)],
    )
    adaptations = models.TextField(
        _("Was wurde angepasst?"),
        blank=True,
        validators=[validate_multi_line, validate_post_length],
    )
    recommendation = models.CharField(
        _("Empfehlung"), max_length=20, choices=Recommendation.choices
    )
    text = models.TextField(
        _("Erfahrungen"), blank=True, validators=[validate_multi_line, validate_post_length]
    )
    is_example = models.BooleanField(_("Beispieldatensatz"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    # Kept by the database, never by Python: copies of what the savings sums
    # need from the adoption and its project, so that they read this table
    # alone (trigger in migration 0021; docs/architecture.md, "What reuse
    # saved"). The row trigger recomputes them on every write of a report, and
    # a change to an adoption's status or a project's state, lead city or
    # costs rewrites the reports concerned. ``project_state`` and
    # ``project_lead_municipality`` are named so that
    # ``visible_condition(user, "project_")`` applies to them.
    counted = models.BooleanField(
        _("zählt (Nachnutzung im Betrieb)"), default=False, editable=False
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        editable=False,
        related_name="+",
    )
    project_state = models.CharField(
        _("Status des Projekts"),
        max_length=20,
        choices=Project.State.choices,
        default="",
        editable=False,
    )
    project_lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("federführende Kommune des Projekts"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        editable=False,
        related_name="+",
    )
    adopter_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("nachnutzende Kommune"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        editable=False,
        related_name="+",
    )
    avoided_investment = models.DecimalField(
        _("vermiedene Investition (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        editable=False,
    )
    avoided_effort_days = models.IntegerField(
        _("vermiedener Aufwand (Personentage)"), default=0, editable=False
    )

    # What the reporting city writes: the page's form and the API take these;
    # the service also takes ``is_example`` (coordinators only, ``REPORT_FIELDS``).
    WRITTEN_BY_CITY = (
        "effort_person_days",
        "investment_cost",
        "running_cost_per_year",
        "duration_months",
        "adaptations",
        "recommendation",
        "text",
    )

    KEPT_BY_DATABASE = (
        "counted",
        "project",
        "project_state",
        "project_lead_municipality",
        "adopter_municipality",
        "avoided_investment",
        "avoided_effort_days",
    )

    class Meta:
        verbose_name = _("Erfahrungsbericht")
        verbose_name_plural = _("Erfahrungsberichte")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            _range("effort_person_days", MAX_EFFORT_DAYS, EFFORT_MESSAGE, "report_effort_range"),
            _range("duration_months", MAX_DURATION_MONTHS, DURATION_MESSAGE, "report_duration"),
            _range("investment_cost", MAX_COST, COST_MESSAGE, "report_investment_range"),
            _range("running_cost_per_year", MAX_COST, COST_MESSAGE, "report_running_range"),
            models.CheckConstraint(
                condition=Q(recommendation__in=["ja", "eingeschraenkt", "nein"]),
                name="report_recommendation_known",
            ),
        ]

    def __str__(self) -> str:
        return _("Erfahrungsbericht: %(adoption)s") % {"adoption": self.adoption}
