from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, KernFormMixin
from core.submissions import HIDDEN_FIELD, SubmitOnceMixin
from core.uploads import ACCEPT_ATTRIBUTE
from members.forms import MunicipalitiesField, MunicipalityField
from members.models import Municipality
from projects import permissions
from projects.markup import MAX_DESCRIPTION_LENGTH
from projects.models import (
    Adoption,
    Project,
    ProjectDocument,
    Topic,
)
from projects.publiccode import MAX_BYTES as MAX_PUBLICCODE_BYTES
from projects.publiccode import read_publiccode
from projects.querysets import SORT_NEWEST, SORT_RELEVANCE, SORT_REUSED, SORT_TITLE
from projects.selectors import CatalogueFilters, project_partners, topic_by_slug

SORT_CHOICES = [
    (SORT_RELEVANCE, _("Relevanz")),
    (SORT_NEWEST, _("Neueste zuerst")),
    (SORT_REUSED, _("Am häufigsten nachgenutzt")),
    (SORT_TITLE, _("Titel (A–Z)")),
]


# The longest value of a catalogue parameter kept (a search is at most 200).
PARAMETER_LENGTH = 200


def catalogue_query(data: QueryDict) -> QueryDict:
    """The catalogue's own parameters of a URL, in one order, each once, trimmed,
    without empty ones, unknown ones and ``page=1``: one canonical query per
    page, so junk in a URL neither reaches the page nor makes a cache entry."""
    query = QueryDict(mutable=True)
    for name in [*CatalogueFilterForm.base_fields, "page"]:
        value = _canonical_value(name, data.get(name, "").strip()[:PARAMETER_LENGTH])
        if value:
            query[name] = value
    return query


# Values a URL may carry that can only mean "off" (as forms.BooleanField reads them).
FALSE_VALUES = {"false", "0", "off"}


def _canonical_value(name: str, value: str) -> str:
    """One spelling per meaning; what can mean nothing is dropped. Text the
    user types (search, municipality, amounts) stays, to be shown with its
    error if it is wrong (such pages are not cached, see projects.views)."""
    if name == "page":
        return value if value.isdecimal() and value.isascii() and int(value) > 1 else ""
    if name in ("reusable", "adopted", "ready", "recommended"):
        return "on" if value and value.lower() not in FALSE_VALUES else ""
    if name in ("phase", "sort"):
        choices = CatalogueFilterForm.base_fields[name].choices  # type: ignore[attr-defined]
        return value if value in {key for key, _label in choices} else ""
    return value


class TopicField(forms.ModelChoiceField):
    """A topic chosen by its slug, read as ``topic_by_slug`` reads it."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Topic):
            value = value.slug
        topic = topic_by_slug(str(value))
        if topic is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return topic


class CatalogueFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    topic = TopicField(
        label=_("Themenfeld"),
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Themenfelder"),
    )
    municipality = MunicipalityField(
        label=_("Kommune"),
        required=False,
        help_text=_("Name der Kommune, federführend oder als Partnerin"),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("Alle Phasen")), *Project.Phase.choices],
    )
    cost_min = AmountField(
        label=_("Investitionskosten ab (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    cost_max = AmountField(
        label=_("Investitionskosten bis (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    reusable = forms.BooleanField(label=_("Nur nachnutzbare Projekte"), required=False)
    adopted = forms.BooleanField(label=_("Wird bereits nachgenutzt"), required=False)
    ready = forms.BooleanField(label=_("Nur nachnutzungsbereite Projekte"), required=False)
    recommended = forms.BooleanField(label=_("Von Nachnutzenden empfohlen"), required=False)
    sort = forms.ChoiceField(label=_("Sortierung"), required=False, choices=SORT_CHOICES)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("cost_min"), cleaned.get("cost_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "cost_max", _("Der Höchstbetrag darf nicht kleiner als der Mindestbetrag sein.")
            )
        return cleaned

    def filters(self) -> CatalogueFilters:
        """The valid filters; an invalid one is shown as an error and not applied."""
        if not self.is_bound:
            return CatalogueFilters()
        self.is_valid()
        data = self.cleaned_data
        return CatalogueFilters(
            query=data.get("q") or "",
            topic=data.get("topic"),
            municipality=data.get("municipality"),
            phase=data.get("phase") or "",
            reusable=True if data.get("reusable") else None,
            cost_min=data.get("cost_min"),
            cost_max=data.get("cost_max") if "cost_max" not in self.errors else None,
            adopted=True if data.get("adopted") else None,
            ready=True if data.get("ready") else None,
            recommended=True if data.get("recommended") else None,
            sort=data.get("sort") or SORT_RELEVANCE,
        )


class ProjectForm(SubmitOnceMixin, KernFormMixin, forms.ModelForm):
    """Shape of a project; the rules (who may set which lead city) are in services."""

    website = forms.URLField(
        label=_("Weiterführender Link"), required=False, max_length=200, assume_scheme="https"
    )
    repository_url = forms.URLField(
        label=_("Quellcode-Repository"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=Project._meta.get_field("repository_url").help_text,
    )
    # Typed names, not selects: at national scale a select would list 11,000 cities.
    lead_municipality = MunicipalityField(
        label=_("Federführende Kommune"),
        help_text=_("Name der Kommune (bei gleichen Namen der Gemeindeschlüssel)"),
    )
    partners = MunicipalitiesField(
        label=_("Partnerkommunen"),
        required=False,
        help_text=_("Eine Kommune je Zeile: Name oder Gemeindeschlüssel"),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "lead_municipality",
            "topics",
            "phase",
            "description",
            "start_date",
            "end_date",
            "investment_cost",
            "running_cost_per_year",
            "effort_person_days",
            "is_reusable",
            "licence",
            "technologies",
            "website",
            "repository_url",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12, "maxlength": MAX_DESCRIPTION_LENGTH}),
            "topics": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "investment_cost": _("Betrag in Euro, z. B. 60.750,00"),
            "running_cost_per_year": _("Betrag in Euro pro Jahr"),
            "description": _(
                "Markdown: **fett**, *kursiv*, Listen mit „-“, Links als [Text](https://…). "
                "Skripte und HTML sind nicht erlaubt."
            ),
        }

    def __init__(self, *args, user, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft may leave the phase open; submitting needs it (the rule is
        # services.project_submit's; the form says so at once with the other fields).
        self.fields["phase"].required = submitting
        self.fields["phase"].choices = [("", _("Noch nicht festgelegt")), *Project.Phase.choices]
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        if self.instance.pk:
            self.fields["partners"].initial = list(project_partners(self.instance))
        if not (user.is_authenticated and user.is_coordinator):
            # Staff always lead with their own city; the field is not theirs to set.
            del self.fields["lead_municipality"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop(HIDDEN_FIELD, None)
        kwargs = {
            "topics": list(data.pop("topics", [])),
            "partners": list(data.pop("partners", [])),
        }
        if "lead_municipality" in data:
            kwargs["lead_municipality"] = data.pop("lead_municipality")
        kwargs.update(data)
        return kwargs


class RejectForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Die einreichende Person erhält die Begründung per E-Mail."),
    )


class AdoptionForm(KernFormMixin, forms.ModelForm):
    """Declare an adoption; coordinators choose the city, staff declare for their own."""

    class Meta:
        model = Adoption
        fields = [
            "municipality",
            "status",
            "started_on",
            "completed_on",
            "note",
            "resulting_project",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.members().order_by("name")
        if not permissions.can_declare_for_any_city(user) or self.instance.pk:
            del self.fields["municipality"]
        if self.instance.pk:
            # The lineage: the adopting city's own project that came out of it.
            self.fields["resulting_project"].queryset = (
                Project.objects.filter(lead_municipality_id=self.instance.municipality_id)
                .exclude(pk=self.instance.project_id)
                .only("title")
                .order_by("title")
            )
            self.fields["resulting_project"].help_text = _(
                "Ihr eigenes Projekt, das aus dieser Nachnutzung entstanden ist."
            )
        else:
            del self.fields["resulting_project"]

    def _post_clean(self):
        # Uniqueness and the lead-city rule are the service's to decide.
        pass

    def service_kwargs(self) -> dict:
        """What the adoption services take (the city only where the form asks for one)."""
        return dict(self.cleaned_data)


class DocumentForm(SubmitOnceMixin, KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel des Dokuments"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Art des Dokuments"),
        choices=ProjectDocument.Kind.choices,
        initial=ProjectDocument.Kind.OTHER,
        required=False,
        help_text=_(
            "Leistungsbeschreibung, Vertrag oder Betriebshandbuch machen ein Projekt "
            "nachnutzungsbereit."
        ),
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, ODT, DOCX, PNG oder JPEG, höchstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class PubliccodeImportForm(KernFormMixin, forms.Form):
    """A publiccode.yml to prefill the project form with, uploaded or pasted."""

    publiccode_file = forms.FileField(
        label=_("publiccode.yml hochladen"),
        required=False,
        help_text=_("Höchstens 1 MB, UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yml,.yaml,text/yaml,application/yaml"}),
    )
    publiccode_text = forms.CharField(
        label=_("… oder den Inhalt hier einfügen"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("publiccode_file")
        text = cleaned.get("publiccode_text") or ""
        if upload and text.strip():
            raise forms.ValidationError(
                _("Bitte entweder eine Datei hochladen oder den Inhalt einfügen, nicht beides.")
            )
        if upload:
            # Never read more than the limit (+1 byte to know it was exceeded).
            data = upload.read(MAX_PUBLICCODE_BYTES + 1)
        elif text.strip():
            data = text.encode("utf-8", errors="surrogateescape")
        else:
            raise forms.ValidationError(_("Bitte eine publiccode.yml hochladen oder einfügen."))
        try:
            cleaned["result"] = read_publiccode(data)
        except UnicodeEncodeError:
            raise forms.ValidationError(
                _("Der eingefügte Text ist nicht in UTF-8 darstellbar.")
            ) from None
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return cleaned

    def initial_for_project_form(self) -> dict:
        initial = dict(self.cleaned_data["result"].initial)
        slugs = initial.pop("topic_slugs", None)
        if slugs:
            initial["topics"] = list(
                Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True)
            )
        return initial
