"""Celery tasks of the members app (thin: the work is in members.services)."""

from core.tasks import task


@task()
def send_invitation_mail(user_pk: int) -> None:
    """Mail the set-password link (a retry after an SMTP hiccup sends a fresh link)."""
    from members.models import User
    from members.services import send_invitation

    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is not None:
        send_invitation(user)


@task()
def clear_expired_sessions() -> int:
    """Delete the sessions that have ended (daily, CELERY_BEAT_SCHEDULE): the
    privacy page promises they are gone a day after their end at the latest."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
