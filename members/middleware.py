from django.conf import settings
from django.contrib.auth import logout
from django.contrib.messages import warning
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "ikone_session_started"


class AbsoluteSessionLifetimeMiddleware:
    """End a session 12 hours after login, however active it was.

    The idle limit (30 minutes) is the session cookie age renewed on every
    request; this caps the total.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                warning(request, _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
