from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.selectors import host_choices
from ikone.forms import KernFormMixin


class EventFilterForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), required=False)
    host = forms.ChoiceField(label=_("Gastgebende Kommune"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle Arten")), *Event.Kind.choices]
        self.fields["host"].choices = [("", _("Alle Kommunen"))] + [
            (municipality.slug, municipality.name) for municipality in host_choices()
        ]


class EventCancelForm(KernFormMixin, forms.Form):
    """The admin's confirmation page before a cancellation mails everyone."""

    reason = forms.CharField(
        label=_("Grund der Absage (optional, steht in der E-Mail)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
