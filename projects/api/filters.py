import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.filters import AmountFilter
from members.models import Municipality
from projects.forms import SORT_CHOICES
from projects.models import Adoption, Project, Topic
from projects.selectors import CatalogueFilters, project_catalogue


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.CharFilter):
    """An object chosen by its slug (the schema says: a string); a slug that
    names nothing matches no project (an empty page, not a 400)."""

    def __init__(self, *args, queryset, **kwargs):
        self.objects = queryset
        super().__init__(*args, **kwargs)

    def resolve(self, slug: str):
        return self.objects.filter(slug=slug).first() if slug else None


class ProjectFilter(django_filters.FilterSet):
    """The catalogue's filters; the queryset comes from the same selector as the page's."""

    search = django_filters.CharFilter(
        method="keep", help_text=_("Volltextsuche (deutsch, mit Wortformen und Wortanfängen).")
    )
    topic = SlugFilter(
        queryset=Topic.objects.all(),
        method="keep",
        help_text=_("Kurzname eines Themenfelds."),
    )
    municipality = SlugFilter(
        queryset=Municipality.objects.all(),
        method="keep",
        help_text=_("Federführend oder als Partnerin beteiligt."),
    )
    phase = django_filters.ChoiceFilter(choices=Project.Phase.choices, method="keep")
    state = django_filters.ChoiceFilter(
        choices=Project.State.choices,
        method="keep",
        help_text=_("Nicht veröffentlichte Projekte sieht nur, wer sie sehen darf."),
    )
    is_reusable = django_filters.BooleanFilter(method="keep")
    adopted = django_filters.BooleanFilter(
        method="keep", help_text=_("Wird (nicht) von mindestens einer Kommune nachgenutzt.")
    )
    reuse_ready = django_filters.BooleanFilter(
        method="keep",
        help_text=_(
            "Nachnutzungsbereit: SPDX-Lizenz, Ansprechperson, Kosten und ein Übergabedokument."
        ),
    )
    recommended = django_filters.BooleanFilter(
        method="keep",
        help_text=_("Von einer nachnutzenden Kommune im Betrieb empfohlen (Erfahrungsbericht)."),
    )
    cost_min = AmountFilter(method="keep", help_text=_("Investitionskosten ab (EUR)."))
    cost_max = AmountFilter(method="keep", help_text=_("Investitionskosten bis (EUR)."))
    ordering = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="keep",
        help_text=_("relevance (nur mit search), newest, reused, title."),
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        # An inverted cost range or a slug that names nothing matches nothing:
        # the schema allows them, so they are an empty page, not a 400.
        data = self.form.cleaned_data
        topic = self.filters["topic"].resolve(data.get("topic"))
        municipality = self.filters["municipality"].resolve(data.get("municipality"))
        if (data.get("topic") and topic is None) or (data.get("municipality") and not municipality):
            return queryset.none()
        filters = CatalogueFilters(
            query=data.get("search") or "",
            topic=topic,
            municipality=municipality,
            phase=data.get("phase") or "",
            state=data.get("state") or "",
            reusable=data.get("is_reusable"),
            adopted=data.get("adopted"),
            ready=data.get("reuse_ready"),
            recommended=data.get("recommended"),
            cost_min=data.get("cost_min"),
            cost_max=data.get("cost_max"),
            sort=data.get("ordering") or "",
        )
        user = getattr(self.request, "user", None)
        return project_catalogue(user=user, filters=filters, published_only=False)


class AdoptionFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__slug")
    municipality = django_filters.CharFilter(field_name="municipality__slug")
    lead_municipality = django_filters.CharFilter(field_name="project__lead_municipality__slug")
    status = django_filters.ChoiceFilter(choices=Adoption.Status.choices)
    is_example = django_filters.BooleanFilter()

    class Meta:
        model = Adoption
        fields = ["status", "is_example"]
