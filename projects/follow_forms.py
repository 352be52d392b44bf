"""The form of a follow's delivery (the follow list on "Mein Konto")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Delivery


class DeliveryForm(forms.Form):
    """How a follow is delivered (the follow list on "Mein Konto")."""

    delivery = forms.ChoiceField(
        label=_("Benachrichtigung"),
        choices=Delivery.choices,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
