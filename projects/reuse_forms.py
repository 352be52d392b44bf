"""Forms of questions, answers and experience reports (issue 13); the
services in projects.services.reuse check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernFormMixin
from projects.models import ExperienceReport
from projects.models.reuse import MAX_POST_LENGTH


class QuestionForm(KernFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Ihre Frage"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_POST_LENGTH,
        help_text=_(
            "Markdown ist möglich. Die federführende Kommune erhält Ihre Frage per E-Mail."
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
    """The experience report of an adoption; the service checks the rules."""

    class Meta:
        model = ExperienceReport
        fields = [
            "effort_person_days",
            "investment_cost",
            "running_cost_per_year",
            "duration_months",
            "adaptations",
            "recommendation",
            "text",
        ]
        # German amounts ("12.000,50") as people type them.
        localized_fields = ["investment_cost", "running_cost_per_year"]
        widgets = {
            "adaptations": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = [
            ("", _("Bitte wählen")),
            *ExperienceReport.Recommendation.choices,
        ]
        for name in ("effort_person_days", "duration_months"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        for name in ("investment_cost", "running_cost_per_year"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal"})
            self.fields[name].help_text = _("In Euro, z. B. 12500,00")

    def _post_clean(self):
        # Ranges and the adoption's state are the model's and the service's to check.
        pass

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
