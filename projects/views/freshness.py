""" "Noch aktuell?": the one-click confirmation from the mail (signed, no login;
a GET only shows the question, the POST confirms)."""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from core.errors import Conflict
from members.models import User
from projects import services
from projects.freshness import read_confirm_token
from projects.models import Project


@csrf_exempt  # the signed token is the proof; the link works without a session
def project_confirm_current(request: HttpRequest, token: str) -> HttpResponse:
    try:
        project_id, user_id = read_confirm_token(token)
    except signing.SignatureExpired:
        return render(
            request, "projects/confirm_current_invalid.html", {"expired": True}, status=400
        )
    except signing.BadSignature:
        return render(
            request, "projects/confirm_current_invalid.html", {"expired": False}, status=400
        )
    project = Project.objects.filter(pk=project_id).select_related("lead_municipality").first()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if project is None or person is None:
        return render(
            request, "projects/confirm_current_invalid.html", {"expired": False}, status=400
        )
    context = {"project": project, "token": token, "confirmed": False, "problem": ""}
    if request.method == "POST":
        try:
            services.project_confirm_current(project=project, actor=person)
        except (PermissionDenied, Conflict) as error:
            context["problem"] = " ".join(getattr(error, "messages", None) or [str(error)])
            return render(request, "projects/confirm_current.html", context, status=409)
        context["confirmed"] = True
    return render(request, "projects/confirm_current.html", context)
