from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.messages import warning
from django.utils import timezone
from django.utils.translation import gettext as _

from members.authentication import answered_by_token

SESSION_STARTED_KEY = "ikone_session_started"


def mark_session_start(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the 12 hours count from each login."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()


class AbsoluteSessionLifetimeMiddleware:
    """End a session 12 hours after login, however active it was.

    The idle limit (30 minutes) is the session cookie age, renewed by
    SessionActivityMiddleware; this caps the total. The request that finds the session too old
    goes on as anonymous: a page that needs a login sends the person to it, a
    public page or the API simply answers as for anyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A request with an API token is not the session's: its user (and the
        # session) are not even read.
        if not answered_by_token(request) and request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                # A session from before this rule: count from now.
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                warning(request, _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."))
        return self.get_response(request)


SESSION_SEEN_KEY = "ikone_seen"
SESSION_RENEW_AFTER_SECONDS = 60


class SessionActivityMiddleware:
    """Renew the 30-minute idle limit on activity, at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would
    turn every page view of a logged-in person into a database write; marking
    it modified once a minute renews cookie and row just as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key
            and not answered_by_token(request)
            and SESSION_KEY in session
        ):
            now = timezone.now().timestamp()
            if now - session.get(SESSION_SEEN_KEY, 0) >= SESSION_RENEW_AFTER_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return response
