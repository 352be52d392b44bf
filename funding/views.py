"""Pages under /foerderung/ (login required).

Staff see their own city's grants and hand in proofs; coordinators and the
ministry see every grant with filters and an overview per year and programme.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import add_to_form
from funding import permissions, selectors, services
from funding.charts import bar_chart
from funding.downloads import document_response
from funding.forms import ObligationSubmitForm, grant_filterset
from funding.models import ReportingObligation

GRANTS_PER_PAGE = 25
DOWNLOAD_GROUPS = [
    ("program", gettext_lazy("Summen nach Programm")),
    ("year", gettext_lazy("Summen nach Jahr")),
    ("municipality", gettext_lazy("Summen nach Kommune")),
    ("status", gettext_lazy("Summen nach Stand")),
]


def _require_funding_access(user) -> None:
    if not permissions.can_view_funding(user):
        raise PermissionDenied(_("Ihr Konto hat keinen Zugriff auf Förderdaten."))


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_funding_access(user)
    base = selectors.visible_grants(user)
    if not permissions.sees_all_grants(user):
        grants = list(selectors.grant_list(base, user=user))
        totals = selectors.funding_summary(base, "program").total
        return render(
            request,
            "funding/grant_list.html",
            {
                "grants": grants,
                "totals": totals,
                "sees_all": False,
                "download_groups": DOWNLOAD_GROUPS,
            },
        )

    filterset = grant_filterset(request.GET or None, base)
    filtered = filterset.qs
    page = Paginator(selectors.grant_list(filtered, user=user), GRANTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    by_year = selectors.funding_summary(filtered, "year")
    by_program = selectors.funding_summary(filtered, "program")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "funding/grant_list.html",
        {
            "sees_all": True,
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "query_string": query.urlencode(),
            "download_groups": DOWNLOAD_GROUPS,
            "totals": by_year.total,
            "charts": [
                ("jahr", bar_chart(_("Förderung nach Jahr des Bescheids"), by_year)),
                ("programm", bar_chart(_("Förderung nach Förderprogramm"), by_program)),
            ],
        },
    )


@login_required
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    grant = get_object_or_404(
        selectors.grant_detail(selectors.visible_grants(user), user=user), pk=pk
    )
    obligations = list(grant.obligations.all())
    for obligation in obligations:
        obligation.can_submit = not obligation.is_submitted and permissions.can_submit_obligation(
            user, obligation
        )
    return render(
        request,
        "funding/grant_detail.html",
        {
            "grant": grant,
            "obligations": obligations,
            "history": selectors.grant_history(grant)
            if permissions.sees_all_grants(user)
            else None,
        },
    )


def _visible_obligation(user, pk: int) -> ReportingObligation:
    return get_object_or_404(
        ReportingObligation.objects.select_related("grant__municipality", "grant__program").filter(
            grant__in=selectors.visible_grants(user)
        ),
        pk=pk,
    )


@login_required
def obligation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    obligation = _visible_obligation(user, pk)
    if not permissions.can_submit_obligation(user, obligation):
        raise PermissionDenied(_("Sie dürfen diesen Nachweis nicht einreichen."))
    posted = request.method == "POST"
    form = ObligationSubmitForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        require_document=not permissions.can_record_funding(user),
    )
    if posted and form.is_valid():
        try:
            services.obligation_submit(
                obligation=obligation,
                actor=user,
                document=form.cleaned_data["document"],
                submitted_on=form.cleaned_data["submitted_on"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Der %(kind)s wurde als eingereicht vermerkt.")
                % {"kind": obligation.get_kind_display()},
            )
            return redirect(obligation.grant)
    return render(
        request,
        "funding/obligation_submit.html",
        {"obligation": obligation, "grant": obligation.grant, "form": form},
    )


@login_required
def obligation_document(request: HttpRequest, pk: int) -> FileResponse:
    """The proof document, only for those who may read the grant."""
    return document_response(_visible_obligation(request.user, pk))
