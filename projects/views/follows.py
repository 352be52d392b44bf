"""Pages of follows: the follow button (htmx toggle with a plain-form
fallback), the choices in "Mein Konto", and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.models import Municipality
from projects import follow_tokens as tokens
from projects.follow_forms import DeliveryForm
from projects.follow_sections import button_context
from projects.models import Follow, Project, Topic
from projects.services import follows as services


def _target(request: HttpRequest, kind: str, slug: str) -> tuple[dict, str]:
    """The followed object as keyword arguments and its name; 404 when it does
    not exist or the person may not see it."""
    if kind == "thema":
        topic = get_object_or_404(Topic, slug=slug)
        return {"topic": topic}, topic.name
    if kind == "kommune":
        municipality = get_object_or_404(Municipality, slug=slug)
        return {"municipality": municipality}, municipality.name
    if kind == "projekt":
        project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
        return {"project": project}, project.title
    raise Http404


def _back(request: HttpRequest, fallback: str = "members:account") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def follow_toggle(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """Follow (``action=follow``) or end the follow (``action=unfollow``); an
    htmx request gets the button back, a plain form goes back where it came from."""
    target, name = _target(request, kind, slug)
    if request.POST.get("action") == "unfollow":
        follow = Follow.objects.filter(user=request.user, **target).first()
        if follow is not None:
            services.follow_delete(follow=follow, actor=request.user)
        follow = None
        message = _("Sie folgen „%(name)s“ nicht mehr.") % {"name": name}
    else:
        try:
            follow, _created = services.follow_set(actor=request.user, **target)
        except Project.DoesNotExist:
            raise Http404 from None
        message = _("Sie folgen jetzt „%(name)s“.") % {"name": name}
    if request.headers.get("HX-Request"):
        context = button_context(
            kind=kind,
            slug=slug,
            label=name,
            delivery=follow.delivery if follow else None,
            next_url=request.POST.get("next", ""),
            is_authenticated=True,
            status_message=message,
        )
        return render(request, "projects/follows/partials/follow_button.html", context)
    messages.success(request, message)
    return _back(request)


@login_required
@require_POST
def follow_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change how one is told, or end the follow (``action=delete``): one's own only."""
    follow = get_object_or_404(Follow, pk=pk, user=request.user)
    if request.POST.get("action") == "delete":
        services.follow_delete(follow=follow, actor=request.user)
        messages.success(request, _("Sie folgen „%(name)s“ nicht mehr.") % {"name": follow.target})
        return redirect("members:account")
    form = DeliveryForm(request.POST, prefix=f"f{follow.pk}")
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie sofort, wöchentlich oder aus."))
        return redirect("members:account")
    services.follow_update(
        follow=follow, actor=request.user, delivery=form.cleaned_data["delivery"]
    )
    messages.success(
        request,
        _("Gespeichert: %(name)s – %(delivery)s.")
        % {
            "name": follow.target,
            "delivery": Follow.Delivery(form.cleaned_data["delivery"]).label,
        },
    )
    return redirect("members:account")


@login_required
@require_POST
def network_digest(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("network_digest") == "on"
    services.network_digest_set(actor=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("Sie erhalten den Wochenüberblick des Netzwerks."))
    else:
        messages.success(request, _("Der Wochenüberblick des Netzwerks ist abbestellt."))
    return redirect("members:account")


@csrf_exempt  # the signed token is the proof; mail clients POST without a session (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link ends and a button; POST ends it. Without login."""
    try:
        link = tokens.read(token)
    except tokens.InvalidToken as error:
        return render(
            request,
            "projects/follows/unsubscribe_invalid.html",
            {"expired": error.expired},
            status=400,
        )
    if request.method == "POST":
        outcome = services.unsubscribe(link=link)
        return render(
            request, "projects/follows/unsubscribe_done.html", {"link": link, "outcome": outcome}
        )
    if request.method != "GET" and request.method != "HEAD":
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    follow = None
    if link.purpose == tokens.FOLLOW:
        follow = (
            Follow.objects.filter(pk=link.follow_id, user_id=link.user_id)
            .select_related("topic", "municipality", "project")
            .first()
        )
    return render(
        request,
        "projects/follows/unsubscribe_confirm.html",
        {
            "link": link,
            "follow": follow,
            "token": token,
            "is_digest": link.purpose == tokens.DIGEST,
        },
    )
