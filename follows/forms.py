from django import forms
from django.utils.translation import gettext_lazy as _

from follows.models import Delivery


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Benachrichtigung"),
        choices=Delivery.choices,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
