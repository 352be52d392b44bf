"""Admin for the coordinators: every save goes through funding.services, so the
rules, the row lock and the history are the same as everywhere else."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import InlineService, ServiceAdmin, TabularInline
from core.formatting import euro
from funding import selectors, services
from funding.exports import XLSX_CONTENT_TYPE, attachment_header, dated_filename, grants_xlsx
from funding.grant_csv import stream_grants_csv
from funding.models import (
    Disbursement,
    FundingProgram,
    Grant,
    ReportingObligation,
)


@admin.register(FundingProgram)
class FundingProgramAdmin(ServiceAdmin):
    list_display = ["name", "funder", "start_date", "end_date", "budget_display", "is_example"]
    search_fields = ["name", "funder"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("Budget (EUR)"), ordering="budget")
    def budget_display(self, obj: FundingProgram) -> str:
        return euro(obj.budget)

    def save_through_service(self, request, obj, form, change):
        return services.program_save(program=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.program_delete(program=obj, actor=request.user)


class GrantAdminForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = [*services.GRANT_FIELDS, "projects"]

    def validate_unique(self):
        pass  # the file reference's uniqueness is the service's (and the database's) to decide


class DisbursementInline(TabularInline):
    model = Disbursement
    extra = 0
    fields = ["paid_on", "amount", "note"]


class ObligationInline(TabularInline):
    model = ReportingObligation
    extra = 0
    fields = ["kind", "due_date", "note", "is_example", "status", "submitted_on", "document_link"]
    readonly_fields = ["status", "submitted_on", "document_link"]

    @admin.display(description=_("Dokument"))
    def document_link(self, obj: ReportingObligation) -> str:
        if not obj.pk or not obj.document:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_document_url(), obj.document_name)


def _payout_added(request, grant, payout):
    services.disbursement_create(
        grant=grant,
        amount=payout.amount,
        paid_on=payout.paid_on,
        note=payout.note,
        actor=request.user,
    )


def _payout_changed(request, grant, payout, fields):
    services.disbursement_update(
        disbursement=payout,
        amount=payout.amount,
        paid_on=payout.paid_on,
        note=payout.note,
        actor=request.user,
    )


def _payout_removed(request, grant, payout):
    services.disbursement_delete(disbursement=payout, actor=request.user)


def _obligation_values(obligation: ReportingObligation) -> dict:
    return {name: getattr(obligation, name) for name in services.OBLIGATION_FIELDS}


def _obligation_added(request, grant, obligation):
    services.obligation_create(grant=grant, actor=request.user, **_obligation_values(obligation))


def _obligation_changed(request, grant, obligation, fields):
    services.obligation_update(
        obligation=obligation, actor=request.user, **_obligation_values(obligation)
    )


def _obligation_removed(request, grant, obligation):
    services.obligation_delete(obligation=obligation, actor=request.user)


@admin.register(Grant)
class GrantAdmin(ServiceAdmin):
    form = GrantAdminForm
    inlines = [DisbursementInline, ObligationInline]
    inline_services = {
        Disbursement: InlineService(_payout_added, _payout_changed, _payout_removed),
        ReportingObligation: InlineService(
            _obligation_added, _obligation_changed, _obligation_removed
        ),
    }
    list_display = [
        "__str__",
        "municipality",
        "program",
        "decision_year",
        "approved_display",
        "disbursed_display",
        "remaining_display",
        "status",
        "overdue_display",
    ]
    list_filter = [
        "program",
        "decision_year",
        "status",
        ("municipality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["file_reference"]
    list_select_related = ["program", "municipality"]
    filter_horizontal = ["projects"]
    readonly_fields = [
        "status",
        "disbursed_display",
        "remaining_display",
        "created_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["program", "municipality", "file_reference", "purpose", "phase"]}),
        (
            _("Beträge"),
            {
                "fields": [
                    "approved_amount",
                    "funding_rate",
                    "disbursed_display",
                    "remaining_display",
                    "status",
                ]
            },
        ),
        (
            _("Daten"),
            {"fields": ["decision_date", "decision_year", "period_start", "period_end"]},
        ),
        (_("Projekte"), {"fields": ["projects"]}),
        (
            _("Herkunft"),
            {"fields": ["is_rounded", "is_example", "note", "created_by", "created_at"]},
        ),
    ]
    change_list_template = "admin/funding/grant/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_amounts().with_overdue()

    @admin.display(description=_("Bewilligt"), ordering="approved_amount")
    def approved_display(self, obj: Grant) -> str:
        return euro(obj.approved_amount)

    @admin.display(description=_("Ausgezahlt"), ordering="disbursed")
    def disbursed_display(self, obj: Grant) -> str:
        return euro(getattr(obj, "disbursed", None))

    @admin.display(description=_("Offen"), ordering="remaining")
    def remaining_display(self, obj: Grant) -> str:
        return euro(getattr(obj, "remaining", None))

    @admin.display(description=_("Nachweis überfällig"), boolean=True)
    def overdue_display(self, obj: Grant) -> bool:
        return bool(getattr(obj, "has_overdue", False))

    # --- saving through the services ------------------------------------------

    def save_through_service(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in services.GRANT_FIELDS}
        projects = form.cleaned_data.get("projects") or []
        if change:
            return services.grant_update(grant=obj, actor=request.user, projects=projects, **values)
        return services.grant_create(projects=projects, actor=request.user, **values)

    def delete_through_service(self, request, obj):
        services.grant_delete(grant=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is Disbursement:
            # Lowered amounts first, so a reshuffle never passes the approved sum.
            formset.save(commit=False)
            old = dict(
                Disbursement.objects.filter(
                    pk__in=[payout.pk for payout, _fields in formset.changed_objects]
                ).values_list("pk", "amount")
            )
            formset.changed_objects.sort(key=lambda item: item[0].amount - old[item[0].pk])
        super().save_formset(request, form, formset, change)

    # --- totals line and export of the filtered list ----------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            filtered = Grant.objects.filter(pk__in=context["cl"].queryset.values("pk"))
            context["funding_totals"] = selectors.funding_summary(filtered, "status").total
            context["export_query"] = request.GET.urlencode()
        return response

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export/<str:fmt>/", export, name="funding_grant_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            return HttpResponseRedirect(reverse("admin:funding_grant_changelist"))
        changelist = self.get_changelist_instance(request)
        queryset = selectors.grant_export(
            Grant.objects.filter(pk__in=changelist.queryset.values("pk")), user=request.user
        )
        if fmt == "csv":
            return stream_grants_csv(
                queryset, dated_filename("foerderbescheide", "csv"), user=request.user
            )
        response = HttpResponse(grants_xlsx(queryset), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(
            dated_filename("foerderbescheide", "xlsx")
        )
        return response
