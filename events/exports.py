"""Participant list as CSV for coordinators (page and admin)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Registration

# A cell starting with one of these is a formula in spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def participants_csv(registrations: Iterable[Registration]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Termin"),
            _("Name"),
            _("Kommune"),
            _("Status"),
            _("Wartelistenplatz"),
            _("Angemeldet am"),
        ]
    )
    for registration in registrations:
        user = registration.user
        writer.writerow(
            [
                _cell(registration.event.title),
                _cell(user.get_full_name() or user.email),
                _cell(user.municipality.name if user.municipality else _("Koordination")),
                registration.get_status_display(),
                registration.waitlist_position or "",
                timezone.localtime(registration.registered_at).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return buffer.getvalue()


def participants_response(registrations: Iterable[Registration], *, filename: str) -> HttpResponse:
    # With a byte-order mark so spreadsheet programs read the umlauts right.
    response = HttpResponse(
        "\ufeff" + participants_csv(registrations), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename_for(event: Event | None) -> str:
    return f"teilnehmende-{event.slug}.csv" if event else "teilnehmende.csv"
