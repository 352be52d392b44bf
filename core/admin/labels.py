"""Every input of the admin has a name for screen readers.

Django's tabular inlines put a field's label in the column header only, and
a split date and time field labels its first input only; axe (and a screen
reader) finds the other inputs unnamed. The admins and inlines of the portal
name them here: each input of a tabular row by its column's label, each part
of a split field by its label and the part ("Beginn: Uhrzeit").
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def _part_name(widget: forms.Widget) -> str:
    if isinstance(widget, forms.TimeInput):
        return _("Uhrzeit")
    if isinstance(widget, forms.DateInput):
        return _("Datum")
    return ""


def label_widgets(field: forms.Field, *, every_input: bool) -> None:
    """Name ``field``'s inputs with ``aria-label``: the parts of a split field
    always, a single input only if ``every_input`` (no visible label of its own)."""
    label = str(capfirst(field.label or ""))
    if not label:
        return
    widget = field.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):
        for number, part in enumerate(widget.widgets, start=1):
            part.attrs["aria-label"] = f"{label}: {_part_name(part) or number}"
    elif every_input and not isinstance(widget, forms.HiddenInput):
        widget.attrs["aria-label"] = label


class LabelledFields:
    """For admins and inlines: label the inputs a visible label does not name."""

    labels_every_input = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None:
            label_widgets(field, every_input=self.labels_every_input)
        return field


class TabularInline(LabelledFields, admin.TabularInline):
    """A tabular inline whose inputs are named by their column."""

    labels_every_input = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):  # type: ignore[valid-type, misc]
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    row = str(form.instance) if form.instance.pk else ""
                    name = _("Löschen") + (f": {row}" if row else "")
                    form.fields["DELETE"].widget.attrs["aria-label"] = name

        return LabelledFormSet


class ModelAdmin(LabelledFields, admin.ModelAdmin):
    """An admin whose split fields name each part."""
