from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ServiceAdmin, for_each
from members import roles, services
from members.models import ApiToken, AuditEntry, Municipality, User


class MembershipFilter(admin.SimpleListFilter):
    title = _("Mitgliedschaft")
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [("current", _("aktuelle Mitglieder")), ("former", _("ehemalige / keine"))]

    def queryset(self, request, queryset):
        members = Municipality.objects.members().values("pk")
        if self.value() == "current":
            return queryset.filter(pk__in=members)
        if self.value() == "former":
            return queryset.exclude(pk__in=members)
        return queryset


class DistrictFilter(admin.AllValuesFieldListFilter):
    """The districts, with a name for the organisations that belong to none."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = _("ohne Landkreis")
            yield choice


@admin.register(Municipality)
class MunicipalityAdmin(ServiceAdmin):
    list_display = [
        "name",
        "kind",
        "ags",
        "district",
        "joined_on",
        "left_on",
        "staff_count",
        "is_example",
    ]
    list_filter = [
        MembershipFilter,
        "kind",
        ("district", DistrictFilter),
        ("joined_on", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "official_name", "ags", "district"]
    prepopulated_fields = {"slug": ["name"]}
    fixed_after_creation = ["slug"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "joined_on"
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "kind", "ags", "district"]}),
        (_("Mitgliedschaft"), {"fields": ["joined_on", "left_on", "network_role"]}),
        (
            _("Weitere Angaben"),
            {
                "fields": [
                    "population",
                    ("latitude", "longitude"),
                    "address",
                    "website",
                    "description",
                    "is_example",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_staff_count=Count("staff", filter=Q(staff__is_active=True)))
        )

    @admin.display(description=_("Mitarbeitende"), ordering="_staff_count")
    def staff_count(self, obj: Municipality) -> int:
        return obj._staff_count

    def save_through_service(self, request, obj, form, change):
        return services.municipality_save(municipality=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.municipality_delete(municipality=obj, actor=request.user)


class UserInviteForm(forms.ModelForm):
    """Create an account without a password: the person sets it by mail."""

    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(name, roles.ROLE_LABELS[name]) for name in roles.ROLE_NAMES],
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "position", "phone", "municipality"]

    def validate_unique(self):
        pass  # whether the address is taken is the service's to decide (case-insensitively)


class UserChangeForm(auth_forms.UserChangeForm):
    def validate_unique(self):
        pass  # whether the address is taken is the service's to decide (case-insensitively)


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    add_form = UserInviteForm
    form = UserChangeForm
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "municipality",
                    "position",
                    "phone",
                ],
                "description": _(
                    "Die Person erhält eine E-Mail mit einem Link, über den sie ihr "
                    "Passwort selbst setzt."
                ),
            },
        )
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "position", "phone"]}),
        (_("Rolle"), {"fields": ["municipality", "groups", "is_active", "is_staff"]}),
        (
            _("Erweitert"),
            {"classes": ["collapse"], "fields": ["is_superuser", "user_permissions"]},
        ),
        (_("Daten"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "municipality",
        "roles",
        "is_active",
        "last_login",
    ]
    list_filter = ["groups", "is_active", "is_staff", "municipality"]
    search_fields = ["email", "first_name", "last_name", "municipality__name"]
    ordering = ["last_name", "first_name", "email"]
    list_select_related = ["municipality"]
    actions = ["send_set_password_mail", "anonymise_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Superuser status and single permissions stay with superusers: a
        # coordinator must not be able to raise an account above the roles.
        return [(name, opts) for name, opts in fieldsets if "is_superuser" not in opts["fields"]]

    def _touches_superuser(self, request, obj) -> bool:
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if self._touches_superuser(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._touches_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("Rollen"))
    def roles(self, obj: User) -> str:
        return ", ".join(group.name for group in obj.groups.all())

    def save_through_service(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return services.user_save(
                user=obj,
                actor=request.user,
                groups=data.get("groups"),
                permissions=data.get("user_permissions"),
            )
        user = services.user_invite(
            email=data["email"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            municipality=data["municipality"],
            position=data["position"],
            phone=data["phone"],
            actor=request.user,
        )
        messages.info(request, _("Die Einladung wird per E-Mail versandt."))
        return user

    def delete_through_service(self, request, obj):
        services.user_delete(user=obj, actor=request.user)

    def get_deleted_objects(self, objs, request):
        # What goes with a person (registrations, tokens, sent-mail records) is
        # the deleting service's decision, not a model permission of the
        # coordinator's: the confirmation lists it, nothing more.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    @admin.action(
        description=_("Ausgewählte Personen anonymisieren (die Daten ihrer Kommune bleiben)"),
        permissions=["change"],
    )
    def anonymise_selected(self, request, queryset):
        if "confirm" in request.POST:
            for_each(
                request,
                queryset,
                lambda person: services.user_anonymise(user=person, actor=request.user),
                done_message=lambda count: (
                    _("%(count)d Person(en) anonymisiert.") % {"count": count}
                ),
            )
            return None
        return TemplateResponse(
            request,
            "admin/members/user/anonymise_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Personen anonymisieren"),
                "people": queryset.select_related("municipality"),
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Link zum Setzen des Passworts senden"), permissions=["change"])
    def send_set_password_mail(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            services.user_send_invitation(user=user)
        messages.success(request, _("%(count)d E-Mail(s) werden versandt.") % {"count": len(users)})


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "name", "prefix"]
    # A revoked token stays revoked: it may have leaked.
    readonly_fields = ["user", "prefix", "created_at", "revoked_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        # Tokens are issued with `manage.py create_api_token`, which shows the
        # raw value once; the admin only sees its hash.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the history keeps who had access

    def save_through_service(self, request, obj, form, change):
        return services.api_token_update(token=obj, actor=request.user)

    @admin.action(description=_("Ausgewählte Tokens widerrufen"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.api_tokens_revoke(tokens=queryset, actor=request.user)
        messages.success(request, _("%(count)d Token(s) widerrufen.") % {"count": count})


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The change history, read-only: entries are written by the services."""

    list_display = ["created_at", "actor_display", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["actor__municipality", "actor_municipality", "content_type"]

    @admin.display(description=_("durch"), ordering="actor")
    def actor_display(self, entry: AuditEntry) -> str:
        return entry.actor_label or "–"


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin):
    """The roles, read-only: their permissions are declared by the apps and
    set again after every migrate (members.roles)."""

    list_display = ["name"]
    filter_horizontal = ["permissions"]
