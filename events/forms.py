from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernFormMixin
from events.models import Event
from members.forms import MunicipalityField


class EventFilterForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), required=False)
    # Typed by name: a select of every hosting city grows with the network.
    host = MunicipalityField(label=_("Gastgebende Kommune"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle Arten")), *Event.Kind.choices]


class EventCancelForm(KernFormMixin, forms.Form):
    """The admin's confirmation page before a cancellation mails everyone."""

    reason = forms.CharField(
        label=_("Grund der Absage (optional, steht in der E-Mail)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
