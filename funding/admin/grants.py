"""Admin for the coordinators: every save goes through funding.services, so the
rules, the row lock and the history are the same as everywhere else."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from funding import selectors, services
from funding.exports import (
    XLSX_CONTENT_TYPE,
    attachment_header,
    dated_filename,
    grants_xlsx,
    stream_grants_csv,
)
from funding.formatting import euro
from funding.models import (
    Disbursement,
    FundingProgram,
    Grant,
    ReportingObligation,
)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


@admin.register(FundingProgram)
class FundingProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "start_date", "end_date", "budget", "is_example"]
    search_fields = ["name", "funder"]
    prepopulated_fields = {"slug": ["name"]}

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class ProgramForm(base):
            def clean(self):
                cleaned = super().clean()
                try:
                    services.validate_program(cleaned)
                except ValidationError as error:
                    _add_errors(self, error)
                return cleaned

        return ProgramForm

    def save_model(self, request, obj, form, change):
        services.program_save(program=obj, actor=request.user)


class GrantAdminForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = [*services.GRANT_FIELDS, "projects"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.validate_grant(cleaned)
        except ValidationError as error:
            _add_errors(self, error)
        return cleaned


class DisbursementForm(forms.ModelForm):
    class Meta:
        model = Disbursement
        fields = ["paid_on", "amount", "note"]

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if message := services.amount_error(amount):
            raise ValidationError(message)
        return amount


class DisbursementFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.approved_amount is None:
            return
        total = sum(
            (
                form.cleaned_data["amount"]
                for form in self.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("amount") is not None
            ),
            Decimal("0.00"),
        )
        message = services.disbursement_total_error(
            approved=self.instance.approved_amount, already_paid=Decimal("0.00"), amount=total
        )
        if message:
            raise ValidationError(message)


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    form = DisbursementForm
    formset = DisbursementFormSet
    extra = 0
    fields = ["paid_on", "amount", "note"]


class ObligationInline(admin.TabularInline):
    model = ReportingObligation
    extra = 0
    fields = ["kind", "due_date", "note", "is_example", "status", "submitted_on", "document_link"]
    readonly_fields = ["status", "submitted_on", "document_link"]

    @admin.display(description=_("Dokument"))
    def document_link(self, obj: ReportingObligation) -> str:
        if not obj.pk or not obj.document:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_document_url(), obj.document_name)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    form = GrantAdminForm
    inlines = [DisbursementInline, ObligationInline]
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Only reachable in a race (the forms check the same rules first):
            # the whole save was rolled back; say why.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in services.GRANT_FIELDS}
        projects = form.cleaned_data.get("projects") or []
        if change:
            services.grant_update(grant=obj, actor=request.user, projects=projects, **values)
            return
        program, municipality = values.pop("program"), values.pop("municipality")
        purpose, amount = values.pop("purpose"), values.pop("approved_amount")
        grant = services.grant_create(
            program=program,
            municipality=municipality,
            purpose=purpose,
            approved_amount=amount,
            projects=projects,
            actor=request.user,
            **values,
        )
        obj.pk, obj.status, obj.created_by = grant.pk, grant.status, grant.created_by
        obj._state.adding = False
        obj._state.db = grant._state.db

    def save_related(self, request, form, formsets, change):
        # Projects were saved by the service in save_model; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        actor, grant = request.user, form.instance
        if formset.model is Disbursement:
            for payout in formset.deleted_objects:
                services.disbursement_delete(disbursement=payout, actor=actor)
            old = dict(
                Disbursement.objects.filter(
                    pk__in=[payout.pk for payout, _fields in formset.changed_objects]
                ).values_list("pk", "amount")
            )
            # Lowered amounts first, so a reshuffle never passes the approved sum.
            changed = sorted(
                formset.changed_objects, key=lambda item: item[0].amount - old[item[0].pk]
            )
            for payout, _fields in changed:
                services.disbursement_update(
                    disbursement=payout,
                    amount=payout.amount,
                    paid_on=payout.paid_on,
                    note=payout.note,
                    actor=actor,
                )
            for payout in formset.new_objects:
                services.disbursement_create(
                    grant=grant,
                    amount=payout.amount,
                    paid_on=payout.paid_on,
                    note=payout.note,
                    actor=actor,
                )
        elif formset.model is ReportingObligation:
            for obligation in formset.deleted_objects:
                services.obligation_delete(obligation=obligation, actor=actor)
            for obligation, _fields in formset.changed_objects:
                services.obligation_update(
                    obligation=obligation,
                    actor=actor,
                    **{name: getattr(obligation, name) for name in services.OBLIGATION_FIELDS},
                )
            for obligation in formset.new_objects:
                services.obligation_create(
                    grant=grant,
                    actor=actor,
                    **{name: getattr(obligation, name) for name in services.OBLIGATION_FIELDS},
                )

    def delete_model(self, request, obj):
        services.grant_delete(grant=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for grant in queryset:
                services.grant_delete(grant=grant, actor=request.user)

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
            Grant.objects.filter(pk__in=changelist.queryset.values("pk"))
        )
        if fmt == "csv":
            return stream_grants_csv(queryset, dated_filename("foerderbescheide", "csv"))
        response = HttpResponse(grants_xlsx(queryset), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(
            dated_filename("foerderbescheide", "xlsx")
        )
        return response
