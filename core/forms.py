"""Shared form helpers: KERN classes on every widget, numbers typed the German way."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.numbers import format_number, parse_number

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class KernFormMixin:
    """Give each widget the KERN class it needs, so templates stay plain."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, _CHECK_WIDGETS):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()


class NumberInput(forms.TextInput):
    """A text input for numbers people type the German way ("12.500,00").

    Not ``type="number"``: browsers refuse or silently change grouped input
    there ("20.000,00" became "20.00000" in the admin). Shows the value with
    thousands grouped in the reader's language (``core.numbers``).
    """

    def __init__(self, attrs=None, *, decimal_places: int | None = 0):
        self.decimal_places = decimal_places
        inputmode = "numeric" if decimal_places == 0 else "decimal"
        defaults = {"inputmode": inputmode, "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value, self.decimal_places)
        return super().format_value(value)


class _TypedNumberMixin(forms.Field):
    """Read the typed text with ``core.numbers.parse_number``; what cannot be
    read is refused with one German message that shows the expected form."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            number = parse_number(value)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(number)
        return super().to_python(value)


class AmountField(_TypedNumberMixin, forms.DecimalField):
    """A money (or other decimal) field of portal and admin forms: accepts
    "12.500,00", "12500,5" and "12500.00", shows "12.500,00"."""

    widget = NumberInput
    default_error_messages = {"invalid": _("Bitte einen Betrag wie 12.500,00 eingeben.")}

    def __init__(self, *, widget=None, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(
            widget=widget or NumberInput(decimal_places=kwargs.get("decimal_places")),
            **kwargs,
        )

    def widget_attrs(self, widget):
        # DecimalField would add "step" and "min"/"max", meant for type="number".
        return forms.Field.widget_attrs(self, widget)


class WholeNumberField(_TypedNumberMixin, forms.IntegerField):
    """A count such as person-days: accepts "1.200" and "1200", shows "1.200"."""

    widget = NumberInput
    default_error_messages = {"invalid": _("Bitte eine ganze Zahl wie 1.200 eingeben.")}

    def __init__(self, *, widget=None, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(widget=widget or NumberInput(), **kwargs)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)
