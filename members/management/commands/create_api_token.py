from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DEFAULT_DAYS)
        parser.add_argument("--name", default="")

    def handle(self, *args, email: str, days: int, name: str, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail address {email}.")
        token, raw = ApiToken.issue(user=user, days=days, name=name)
        self.stdout.write(raw)
        self.stderr.write(
            f"Token {token.prefix}… for {user.email}, valid until "
            f"{token.expires_at:%Y-%m-%d %H:%M %Z}. It is shown only now."
        )
