from celery import shared_task

from members.models import User
from members.services import send_invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_mail(user_pk: int) -> None:
    """Mail the set-password link (a retry after an SMTP hiccup sends a fresh link)."""
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is not None:
        send_invitation(user)
