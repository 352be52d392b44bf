"""Participant list as CSV for coordinators (page and admin); texts through
``core.spreadsheets``, so no name is read as a formula."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import csv_text
from events.models import Event, Registration


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
                csv_text(registration.event.title),
                csv_text(user.get_full_name() or user.email),
                csv_text(user.municipality.name if user.municipality else _("Koordination")),
                csv_text(registration.get_status_display()),
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
