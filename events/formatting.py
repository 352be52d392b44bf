"""Dates and times of meetings as people in Rhineland-Palatinate read them."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def local_datetime(value: datetime) -> str:
    """'14. Mai 2019, 10:00 Uhr' in Europe/Berlin."""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s Uhr") % {
        "date": date_format(local, _("j. F Y")),
        "time": date_format(local, "H:i"),
    }


def event_period(starts_at: datetime, ends_at: datetime) -> str:
    """'Dienstag, 14. Mai 2019, 10:00–16:00 Uhr', or both ends when it spans days."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": date_format(start, _("l, j. F Y")),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
        }
    return _("%(start)s bis %(end)s") % {
        "start": local_datetime(start),
        "end": local_datetime(end),
    }
