"""A form is handled once, however often it is sent (double clicks, reloads).

The form carries a random one-time token (``SubmitOnceForm``). The view
claims it in the transaction that does the work: the first submission inserts
the token's row, and a second one sent meanwhile waits on the row's unique
index until the first commits, then finds it taken and is sent to where the
first led. Had the first failed (rolled back), the second does the work.
"""

import secrets
from datetime import timedelta

from django import forms
from django.db import connection, transaction
from django.utils import timezone

from core.models import FormSubmission

HIDDEN_FIELD = "submission"
KEPT_FOR = timedelta(days=2)


class SubmitOnceMixin:
    """A hidden one-time token in a form whose view handles it with ``claim``;
    the form's ``submission`` gives the token sent."""

    fields: dict[str, forms.Field]
    cleaned_data: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HIDDEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            max_length=64,
            required=False,
            initial=secrets.token_urlsafe(24),
        )

    @property
    def submission(self) -> str:
        return self.cleaned_data.get(HIDDEN_FIELD) or ""


def claim(token: str) -> str | None:
    """Claim ``token`` in the current transaction: None for the first submission
    (do the work, then ``record`` where it led), else the URL the first led to."""
    if not token:
        return None  # an old form without a token: handled as before
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() belongs in the transaction that does the work")
    table = FormSubmission._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (token, result_url, created_at) VALUES (%s, '', now()) "  # noqa: S608 - the model's table
            "ON CONFLICT (token) DO NOTHING RETURNING id",
            [token],
        )
        if cursor.fetchone() is not None:
            return None
    earlier = FormSubmission.objects.filter(token=token).values_list("result_url", flat=True)
    return earlier.first() or ""


def record(token: str, url: str) -> None:
    """Where the first submission led (in the same transaction as ``claim``)."""
    if token:
        FormSubmission.objects.filter(token=token).update(result_url=url)
        FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
