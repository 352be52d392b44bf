from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, KernFormMixin
from core.uploads import ACCEPT_ATTRIBUTE
from funding.filters import GrantFilter
from members.forms import MunicipalityField


class ObligationSubmitForm(KernFormMixin, forms.Form):
    document = forms.FileField(
        label=_("Nachweisdokument"),
        required=False,
        help_text=_("PDF, ODT, DOCX, PNG oder JPEG, höchstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    submitted_on = forms.DateField(
        label=_("Eingereicht am"),
        required=False,
        help_text=_("Der Tag, an dem der Nachweis eingereicht wurde; vorbelegt mit heute."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, require_document: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = require_document
        if not require_document:
            self.fields["document"].help_text = _(
                "Optional für die Koordination, wenn der Nachweis auf Papier eingegangen ist."
            )
        self.fields["submitted_on"].initial = timezone.localdate()


def grant_filterset(data, queryset) -> GrantFilter:
    """The API's filters with KERN widgets; the city is typed by name (a select
    would list every city with a grant: thousands at national scale)."""
    filterset = GrantFilter(data, queryset=queryset)
    form = filterset.form
    form.fields["municipality"] = MunicipalityField(label=_("Kommune"), required=False)
    for name in ("amount_min", "amount_max"):
        # German input ("12.500,00") on the page; the API reads plain decimals.
        form.fields[name] = AmountField(
            label=form.fields[name].label, required=False, min_value=0, decimal_places=2
        )
    for field in form.fields.values():
        field.help_text = ""  # the API's hints (slug, AGS) do not help on the page
        widget = field.widget
        css = (
            "kern-form-input__select"
            if isinstance(widget, forms.Select)
            else "kern-form-input__input"
        )
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return filterset
