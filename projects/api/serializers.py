from django.db import models
from django.urls import reverse as django_reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.fields import STRICT_FIELD_MAPPING, SlugReference, StrictCharField
from core.links import SLUG_MARK, around_slug, is_plain_slug
from core.text import validate_multi_line
from members.api import MunicipalityRefSerializer
from members.models import Municipality
from projects import permissions
from projects.models import Adoption, Project, ProjectDocument, Topic


class TopicSerializer(serializers.ModelSerializer):
    project_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Veröffentlichte Projekte in diesem Themenfeld.")
    )

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_en", "description", "project_count"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class ProjectPageSerializer(serializers.ListSerializer):
    """A page of projects, each exactly as ``ProjectListSerializer`` renders one.

    A page of 100 through DRF's generic fields costs about 100 ms: two URL
    reversals, two display methods (each inspected by DRF before the call) and
    two nested serializers per project. Here URLs are reversed once per page,
    labels looked up once, and each field read directly; decimals and datetimes
    still go through the declared fields. tests/projects/test_api_list.py holds
    the output equal to the generic one.
    """

    def to_representation(self, data) -> list[dict]:
        projects = data.all() if isinstance(data, models.manager.BaseManager) else data
        child = self.child
        request = child.context.get("request")
        fmt = child.context.get("format")
        api_prefix, api_suffix = around_slug(
            reverse("api:project-detail", kwargs={"slug": SLUG_MARK}, request=request, format=fmt)
        )
        web_path = django_reverse("projects:project-detail", kwargs={"slug": SLUG_MARK})
        web_prefix, web_suffix = around_slug(
            request.build_absolute_uri(web_path) if request else web_path
        )
        phases = {value: str(label) for value, label in Project.Phase.choices}
        states = {value: str(label) for value, label in Project.State.choices}
        fields = child.fields
        decimal = {name: fields[name] for name in ("investment_cost", "running_cost_per_year")}
        moment = {name: fields[name] for name in ("published_at", "updated_at")}

        def optional(field, value):
            return None if value is None else field.to_representation(value)

        def urls(project: Project) -> tuple[str, str]:
            slug = project.slug
            if is_plain_slug(slug):
                return f"{api_prefix}{slug}{api_suffix}", f"{web_prefix}{slug}{web_suffix}"
            return fields["url"].to_representation(project), child.get_web_url(project)

        items = []
        for project in projects:
            url, web_url = urls(project)
            lead = project.lead_municipality
            items.append(
                {
                    "url": url,
                    "web_url": web_url,
                    "slug": project.slug,
                    "title": project.title,
                    "summary": project.summary,
                    "topics": [
                        {"slug": topic.slug, "name": topic.name} for topic in project.topics.all()
                    ],
                    "lead_municipality": {"slug": lead.slug, "name": lead.name, "ags": lead.ags},
                    "phase": project.phase,
                    "phase_display": phases.get(project.phase, project.phase),
                    "state": project.state,
                    "state_display": states.get(project.state, project.state),
                    "is_reusable": project.is_reusable,
                    "investment_cost": optional(
                        decimal["investment_cost"], project.investment_cost
                    ),
                    "running_cost_per_year": optional(
                        decimal["running_cost_per_year"], project.running_cost_per_year
                    ),
                    "adoption_count": project.adoption_count,
                    "is_reuse_ready": project.is_reuse_ready,
                    "report_count": project.report_count,
                    "recommend_count": project.recommend_count,
                    "is_example": project.is_example,
                    "published_at": optional(moment["published_at"], project.published_at),
                    "updated_at": optional(moment["updated_at"], project.updated_at),
                }
            )
        return items


class ProjectListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    web_url = serializers.SerializerMethodField()
    topics = TopicRefSerializer(many=True, read_only=True)
    lead_municipality = MunicipalityRefSerializer(read_only=True)
    phase_display = serializers.CharField(source="get_phase_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    adoption_count = serializers.IntegerField(
        read_only=True,
        help_text=gettext_lazy("Kommunen, die das Projekt nachnutzen (ohne abgebrochene)."),
    )
    is_reuse_ready = serializers.BooleanField(
        read_only=True,
        help_text=gettext_lazy(
            "Nachnutzungsbereit: SPDX-Lizenz, Ansprechperson, Kosten und ein Übergabedokument."
        ),
    )
    report_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Erfahrungsberichte von Kommunen im Betrieb.")
    )
    recommend_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Davon mit der Empfehlung „ja“.")
    )

    class Meta:
        model = Project
        fields = [
            "url",
            "web_url",
            "slug",
            "title",
            "summary",
            "topics",
            "lead_municipality",
            "phase",
            "phase_display",
            "state",
            "state_display",
            "is_reusable",
            "investment_cost",
            "running_cost_per_year",
            "adoption_count",
            "is_reuse_ready",
            "report_count",
            "recommend_count",
            "is_example",
            "published_at",
            "updated_at",
        ]

        list_serializer_class = ProjectPageSerializer

    def get_web_url(self, project: Project) -> str:
        request = self.context.get("request")
        path = project.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectDocument
        fields = [
            "id",
            "title",
            "kind",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, document: ProjectDocument) -> str:
        from django.urls import reverse

        path = reverse(
            "projects:document-download",
            kwargs={"slug": document.project.slug, "pk": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AdoptionRefSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Adoption
        fields = [
            "id",
            "municipality",
            "status",
            "status_display",
            "started_on",
            "completed_on",
            "is_example",
        ]


class ProjectDetailSerializer(ProjectListSerializer):
    description_html = serializers.CharField(
        read_only=True,
        help_text=gettext_lazy(
            "Die Beschreibung als bereinigtes HTML (gespeichert, nicht je Abruf)."
        ),
    )
    partners = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    publiccode_url = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Adresse der publiccode.yml; nur bei veröffentlichten Projekten mit "
            "Quellcode-Repository, sonst null."
        )
    )
    adoptions = AdoptionRefSerializer(many=True, read_only=True)
    # Not an EmailField: "" (no address given) is not an e-mail address.
    contact_email = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "Nur für angemeldete Nutzer/innen; leer, wenn keine Adresse angegeben ist."
        ),
    )
    contact_phone = serializers.CharField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Nur für angemeldete Nutzer/innen.")
    )
    rejection_reason = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Nur für die federführende Kommune und die Koordination."),
    )

    class Meta(ProjectListSerializer.Meta):
        list_serializer_class = serializers.ListSerializer
        fields = [
            *ProjectListSerializer.Meta.fields,
            "description",
            "description_html",
            "partners",
            "start_date",
            "end_date",
            "effort_person_days",
            "licence",
            "technologies",
            "website",
            "repository_url",
            "publiccode_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "documents",
            "adoptions",
            "rejection_reason",
            "created_at",
            "submitted_at",
        ]

    @extend_schema_field(MunicipalityRefSerializer(many=True))
    def get_partners(self, project: Project) -> list:
        return MunicipalityRefSerializer(
            [p.municipality for p in project.participations.all()], many=True
        ).data

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_publiccode_url(self, project: Project) -> str | None:
        if project.state != Project.State.PUBLISHED or not project.repository_url:
            return None
        path = django_reverse("projects:project-publiccode", kwargs={"slug": project.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, project: Project) -> list:
        documents = list(project.documents.all())
        for document in documents:
            document.project = project  # avoid one query per document for its slug
        return DocumentSerializer(documents, many=True, context=self.context).data

    def to_representation(self, project: Project) -> dict:
        data = super().to_representation(project)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not permissions.can_see_contact(user):
            data["contact_email"] = None
            data["contact_phone"] = None
        if user is None or not permissions.can_see_history(user, project):
            data["rejection_reason"] = None
        return data


class ProjectWriteSerializer(serializers.ModelSerializer):
    """Shape of a project for create and update; who may do what is the service's."""

    serializer_field_mapping = STRICT_FIELD_MAPPING

    topics = SlugReference(
        many=True, slug_field="slug", queryset=Topic.objects.all(), required=False
    )
    lead_municipality = SlugReference(
        slug_field="slug",
        queryset=Municipality.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Kurzname der federführenden Kommune; für Kommunen-Zugänge deren eigene."
        ),
    )
    partners = SlugReference(
        many=True, slug_field="slug", queryset=Municipality.objects.all(), required=False
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "description",
            "topics",
            "lead_municipality",
            "partners",
            "phase",
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
        extra_kwargs = {"phase": {"allow_blank": False}}
        # Software (a repository) needs a licence: the CHECK on Project.
        schema_dependencies = {"repository_url": "licence"}


class RejectSerializer(serializers.Serializer):
    reason = StrictCharField(
        validators=[validate_multi_line],
        max_length=2000,
        help_text=gettext_lazy("Begründung für die Ablehnung."),
    )
