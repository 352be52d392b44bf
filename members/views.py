from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.registry import registry, render_sections
from members import permissions, services
from members.forms import (
    LoginForm,
    MunicipalityFilterForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from members.models import Municipality
from members.personal_data import personal_data
from members.selectors import municipality_list
from members.structured_data import municipality_page

MUNICIPALITIES_PER_PAGE = 30


def lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Answer of every login path (portal and admin) while an account is locked (django-axes)."""
    form = LoginForm(request)
    message = _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung für dieses Konto ist "
        "von Ihrer Adresse aus für %(minutes)d Minuten gesperrt. Bitte versuchen Sie es "
        "später erneut oder setzen Sie Ihr Passwort zurück."
    ) % {"minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60}
    return render(
        request, "members/login.html", {"form": form, "lockout_message": message}, status=429
    )


class LoginView(auth_views.LoginView):
    template_name = "members/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "members/password_reset_form.html"
    email_template_name = "members/mail/password_reset.txt"
    html_email_template_name = "members/mail/password_reset.html"
    subject_template_name = "members/mail/password_reset_subject.txt"
    success_url = reverse_lazy("members:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("members:password-reset-complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "members/password_change.html"
    success_url = reverse_lazy("members:account")

    def form_valid(self, form):
        messages.success(self.request, _("Ihr Passwort wurde geändert."))
        return super().form_valid(form)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    sections = render_sections(registry.account_sections, request)
    return render(
        request, "members/account.html", {"account_user": request.user, "sections": sections}
    )


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    services.user_end_other_sessions(user=request.user)
    update_session_auth_hash(request, request.user)
    messages.success(request, _("Alle anderen Sitzungen wurden abgemeldet."))
    return redirect("members:account")


@login_required
@require_GET
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """Everything the portal stores about the person, as a JSON file."""
    if not permissions.can_download_own_data(request.user):
        raise PermissionDenied
    data = personal_data(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ikone-meine-daten-{day}.json"'
    return response


def municipality_list_view(request: HttpRequest) -> HttpResponse:
    form = MunicipalityFilterForm(request.GET or None)
    # An invalid filter (an unknown kind in a hand-made URL) is shown as an
    # error at its field; the valid ones still apply.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    municipalities = municipality_list(
        query=filters.get("q") or "",
        kind=filters.get("kind") or "",
        district=filters.get("district") or "",
        member_since=filters.get("member_since"),
    )
    page = Paginator(municipalities, MUNICIPALITIES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = (
        "members/partials/municipality_results.html"
        if request.headers.get("HX-Request")
        else "members/municipality_list.html"
    )
    return render(
        request, template, {"form": form, "page": page, "query_string": params.urlencode()}
    )


def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    sections = render_sections(registry.municipality_sections, request, municipality=municipality)
    return render(
        request,
        "members/municipality_detail.html",
        {
            "municipality": municipality,
            "sections": sections,
            "structured_data": municipality_page(municipality),
        },
    )
