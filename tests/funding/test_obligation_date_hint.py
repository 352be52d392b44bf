"""Issue 16.5: a date field filled with today does not say "leer lassen für heute"."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_obligation_date_hint_fits_the_prefilled_date(
    actor_client, speyer_staff, speyer_obligation
):
    html = (
        actor_client(speyer_staff)
        .get(reverse("funding:obligation-submit", args=[speyer_obligation.pk]))
        .content.decode()
    )
    assert "Leer lassen für heute" not in html
    assert re.search(rf'name="submitted_on" value="{timezone.localdate():%Y-%m-%d}"', html), (
        "the field is filled with today"
    )
    assert "vorbelegt mit heute" in html
