"""Forms of questions, answers and experience reports (issue 13); the
services in projects.services.reuse check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernFormMixin
from projects.models import ExperienceReport
from projects.models.reuse import (
    COST_MESSAGE,
    DURATION_MESSAGE,
    EFFORT_MESSAGE,
    MAX_POST_LENGTH,
)


class QuestionForm(KernFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Ihre Frage"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_POST_LENGTH,
        help_text=_(
            "Markdown ist möglich. Die federführende Kommune erhält Ihre Frage per E-Mail; "
            "wer dem Projekt folgt, erfährt, dass es eine neue Frage gibt."
        ),
    )


class AnswerForm(KernFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Ihre Antwort"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_POST_LENGTH,
        help_text=_("Markdown ist möglich. Die fragende Person erhält Ihre Antwort per E-Mail."),
    )


class HideForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund für das Ausblenden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Bleibt im Verlauf des Projekts sichtbar."),
    )


class ReportForm(KernFormMixin, forms.ModelForm):
    """The experience report of an adoption; the service checks the rules.

    The figures are ``core.fields`` columns, so they read "12.500,00" and
    "1.200" like every money and effort field of the portal; the bounds are
    the model's, with its messages (below zero fails here already, the rest
    in the service's ``full_clean``)."""

    class Meta:
        model = ExperienceReport
        fields = ExperienceReport.WRITTEN_BY_CITY
        widgets = {
            "adaptations": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "investment_cost": _("Betrag in Euro, z. B. 60.750,00"),
            "running_cost_per_year": _("Betrag in Euro pro Jahr"),
        }
        error_messages = {
            "effort_person_days": {"min_value": EFFORT_MESSAGE},
            "duration_months": {"min_value": DURATION_MESSAGE},
            "investment_cost": {"max_digits": COST_MESSAGE, "max_whole_digits": COST_MESSAGE},
            "running_cost_per_year": {
                "max_digits": COST_MESSAGE,
                "max_whole_digits": COST_MESSAGE,
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = [
            ("", _("Bitte wählen")),
            *ExperienceReport.Recommendation.choices,
        ]

    def _post_clean(self):
        # Ranges and the adoption's state are the model's and the service's to check.
        pass

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
