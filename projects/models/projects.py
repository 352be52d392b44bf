"""Projects and their partner cities."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, date_in_range
from core.fields import AmountModelField, CountModelField
from core.text import validate_multi_line, validate_one_line
from members.models import Municipality
from projects.licences import normalised as normalised_licence
from projects.licences import validate_spdx
from projects.markup import (
    MAX_DESCRIPTION_LENGTH,
    validate_description_length,
    validate_no_html,
    validate_safe_markdown,
)
from projects.models.topics import Topic
from projects.querysets import ProjectQuerySet


class Project(models.Model):
    class Phase(models.TextChoices):
        IDEA = "idee", _("Idee")
        PLANNING = "planung", _("Planung")
        IMPLEMENTATION = "umsetzung", _("Umsetzung")
        OPERATION = "betrieb", _("Betrieb")
        COMPLETED = "abgeschlossen", _("Abgeschlossen")

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("Zur Prüfung eingereicht")
        PUBLISHED = "published", _("Veröffentlicht")
        REJECTED = "rejected", _("Abgelehnt")
        ARCHIVED = "archived", _("Archiviert")

    title = models.CharField(
        _("Titel"), max_length=200, validators=[validate_one_line, validate_no_html]
    )
    slug = models.SlugField(_("Kurzname (URL)"), max_length=220, unique=True)
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=500, validators=[validate_multi_line, validate_no_html]
    )
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        help_text=_("Markdown; Skripte und HTML werden entfernt."),
        validators=[validate_multi_line, validate_description_length, validate_safe_markdown],
    )
    # The description as sanitised HTML, written by the project services
    # whenever the text changes (projects.markup.render_markdown): pages and
    # the API show it as it is, no request renders Markdown.
    description_html = models.TextField(_("Beschreibung (HTML)"), blank=True, editable=False)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themenfelder"), blank=True, related_name="projects"
    )
    lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Federführende Kommune"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    # Blank only for records whose sources do not say (demo data); forms require it.
    phase = models.CharField(
        _("Phase"), max_length=20, choices=Phase.choices, default=Phase.IDEA, blank=True
    )
    state = models.CharField(
        _("Status"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(
        _("Ablehnungsgrund"), blank=True, validators=[validate_multi_line]
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    investment_cost = AmountModelField(
        _("Investitionskosten (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Kosten dürfen nicht negativ sein."))],
    )
    running_cost_per_year = AmountModelField(
        _("Laufende Kosten pro Jahr (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Kosten dürfen nicht negativ sein."))],
    )
    effort_person_days = CountModelField(_("Aufwand (Personentage)"), null=True, blank=True)
    is_reusable = models.BooleanField(_("Nachnutzbar"), default=True)
    licence = models.CharField(
        _("Lizenz"),
        max_length=100,
        blank=True,
        help_text=_(
            "Als SPDX-Ausdruck, z. B. „EUPL-1.2“ oder „MIT OR Apache-2.0“; eine eigene "
            "Lizenz als „LicenseRef-…“."
        ),
        validators=[validate_spdx],
    )
    technologies = models.CharField(
        _("Technologien"),
        max_length=300,
        blank=True,
        help_text=_("Durch Kommas getrennt."),
        validators=[validate_one_line],
    )
    website = models.URLField(_("Weiterführender Link"), blank=True, validators=[validate_one_line])
    # A project with a source repository is software: it gets a publiccode.yml
    # (projects.publiccode) and is a schema.org SoftwareApplication.
    repository_url = models.URLField(
        _("Quellcode-Repository"),
        blank=True,
        help_text=_(
            "Nur bei Software: Adresse des öffentlichen Quellcode-Repositorys, z. B. "
            "https://gitlab.opencode.de/…; daraus entsteht die publiccode.yml des Projekts."
        ),
        validators=[validate_one_line],
    )
    contact_name = models.CharField(
        _("Ansprechperson"), max_length=200, blank=True, validators=[validate_one_line]
    )
    contact_email = models.EmailField(
        _("E-Mail der Ansprechperson"), blank=True, validators=[validate_one_line]
    )
    contact_phone = models.CharField(
        _("Telefon der Ansprechperson"), max_length=50, blank=True, validators=[validate_one_line]
    )
    is_example = models.BooleanField(
        _("Beispieldatensatz"),
        default=False,
        help_text=_("Markiert Angaben, die nicht aus Quellen stammen, sondern Beispiele sind."),
    )
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
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # "Noch aktuell?" (projects.freshness): the lead city confirmed it without a change.
    current_confirmed_at = models.DateTimeField(
        _("als aktuell bestätigt am"), null=True, blank=True, editable=False
    )
    # Set by the daily marking (a service, raising the catalogue's version) once
    # neither a change nor a confirmation came for the "outdated" interval;
    # cleared by a change or a confirmation. Sorted last in the catalogue.
    possibly_outdated = models.BooleanField(
        _("möglicherweise veraltet"), default=False, editable=False
    )
    # Title (A) over summary (B) over description (C), technologies (D); kept
    # current by a PostgreSQL trigger on every insert and update (migration
    # 0002), so bulk inserts and raw updates are indexed too.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title (A) and summary (B) alone, by the same trigger (migration 0013):
    # what similar-projects compares. The GIN index answers a match on it
    # exactly; on search_vector a match restricted to A and B made PostgreSQL
    # fetch and recheck every project that had the words in its description.
    title_summary_vector = SearchVectorField(null=True, editable=False)
    # Municipalities reusing the project (cancelled adoptions excluded), kept
    # by PostgreSQL triggers on adoptions and projects (migration 0003) so the
    # catalogue can sort by "most reused" through an index at any size (read as
    # ``adoption_count`` through ``with_adoption_count()``).
    reuse_count = models.PositiveIntegerField(_("Nachnutzungen"), default=0, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(investment_cost__isnull=True) | Q(investment_cost__gte=0),
                name="project_investment_cost_not_negative",
                field="investment_cost",
                violation_error_message=_("Kosten dürfen nicht negativ sein."),
            ),
            FieldCheckConstraint(
                condition=Q(running_cost_per_year__isnull=True) | Q(running_cost_per_year__gte=0),
                name="project_running_cost_not_negative",
                field="running_cost_per_year",
                violation_error_message=_("Kosten dürfen nicht negativ sein."),
            ),
            FieldCheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_end_not_before_start",
                field="end_date",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
            FieldCheckConstraint(
                condition=LessThanOrEqual(Length("description"), MAX_DESCRIPTION_LENGTH),
                name="project_description_bounded",
                field="description",
                violation_error_message=_(
                    "Die Beschreibung darf höchstens 20.000 Zeichen lang sein."
                ),
            ),
            # publiccode.yml needs a licence; software is what has a repository.
            FieldCheckConstraint(
                condition=Q(repository_url="") | ~Q(licence=""),
                name="project_software_has_licence",
                field="licence",
                violation_error_message=_(
                    "Software mit Quellcode-Repository braucht eine Lizenz als SPDX-Ausdruck, "
                    "z. B. „EUPL-1.2“."
                ),
            ),
            date_in_range("start_date", name="project_start_date_in_range"),
            date_in_range("end_date", name="project_end_date_in_range"),
        ]
        indexes = [
            # Current projects first, then those possibly outdated (the catalogue's sorts).
            models.Index(
                fields=["state", "possibly_outdated", "-published_at"],
                name="project_state_published",
            ),
            models.Index(
                fields=["state", "possibly_outdated", "title"], name="project_state_title"
            ),
            models.Index(
                fields=["state", "possibly_outdated", "-reuse_count", "-published_at"],
                name="project_state_reused",
            ),
            models.Index(fields=["phase"], name="project_phase"),
            models.Index(fields=["investment_cost"], name="project_investment_cost"),
            GinIndex(fields=["search_vector"], name="project_search_vector"),
            GinIndex(fields=["title_summary_vector"], name="project_title_summary_vector"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="project_title_trgm"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        self.licence = normalised_licence(self.licence)

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_software(self) -> bool:
        return bool(self.repository_url)

    @property
    def technology_list(self) -> list[str]:
        return [item.strip() for item in self.technologies.split(",") if item.strip()]


class Participation(models.Model):
    """A partner city of a project; the lead city is ``Project.lead_municipality``."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partnerin")

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="participations"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"],
                name="participation_unique_per_project",
                violation_error_message=_("Diese Kommune ist bereits beteiligt."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.project}"
