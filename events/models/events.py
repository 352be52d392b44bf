"""Meetings and their agenda."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, moment_in_range
from core.text import validate_multi_line, validate_one_line
from events.formatting import event_period, local_datetime
from members.models import Municipality

# Reminder offsets a new event starts with; coordinators edit them per event.
DEFAULT_REMINDER_DAYS = (7, 1)


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """Published and cancelled meetings for everyone; drafts for coordinators."""
        if user is not None and user.is_authenticated and user.is_coordinator:
            return self
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now: datetime | None = None) -> "EventQuerySet":
        """Soonest first. A meeting that is under way still counts as upcoming."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime | None = None) -> "EventQuerySet":
        """Latest first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class Event(models.Model):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "netzwerktreffen", _("Netzwerktreffen")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        PROJECT_MARKET = "markt_der_projekte", _("Markt der Projekte")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")
        CANCELLED = "cancelled", _("Abgesagt")

    kind = models.CharField(
        _("Art"), max_length=32, choices=Kind.choices, default=Kind.NETWORK_MEETING
    )
    title = models.CharField(_("Titel"), max_length=200, validators=[validate_one_line])
    slug = models.SlugField(_("Kurzname (URL)"), max_length=220, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_multi_line])
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    time_note = models.CharField(
        _("Hinweis zur Uhrzeit"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Einlass ab 9:30 Uhr“ oder „Uhrzeit nicht überliefert“."),
        validators=[validate_one_line],
    )
    venue = models.CharField(
        _("Veranstaltungsort"), max_length=200, blank=True, validators=[validate_one_line]
    )
    address = models.TextField(_("Anschrift"), blank=True, validators=[validate_multi_line])
    online_url = models.URLField(
        _("Link zur Online-Teilnahme"),
        blank=True,
        help_text=_("Wird nur bestätigten Teilnehmenden angezeigt und gesendet."),
        validators=[validate_one_line],
    )
    host_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Gastgebende Kommune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Es muss mindestens einen Platz geben."))],
        help_text=_("Leer lassen für unbegrenzte Plätze."),
    )
    registration_opens_at = models.DateTimeField(
        _("Anmeldung ab"),
        null=True,
        blank=True,
        help_text=_("Leer: ab Veröffentlichung."),
    )
    registration_closes_at = models.DateTimeField(
        _("Anmeldeschluss"),
        null=True,
        blank=True,
        help_text=_("Leer: bis zum Beginn."),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    cancellation_reason = models.TextField(
        _("Grund der Absage"), blank=True, validators=[validate_multi_line]
    )
    # RFC 5545: the UID never changes, SEQUENCE rises with every change so
    # calendar programs replace their copy instead of keeping a stale one.
    ical_uid = models.UUIDField(_("iCal-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("iCal-Sequenz"), default=0, editable=False)
    is_example = models.BooleanField(
        _("Beispieldatensatz"),
        default=False,
        help_text=_("Markiert Angaben, die nicht aus Quellen stammen, sondern Beispiele sind."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                field="ends_at",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            FieldCheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_at_least_one",
                field="capacity",
                violation_error_message=_(
                    "Es muss mindestens einen Platz geben; für unbegrenzte Plätze das Feld "
                    "leer lassen."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
                field="registration_closes_at",
                violation_error_message=_(
                    "Der Anmeldeschluss muss nach dem Beginn der Anmeldung liegen."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("ends_at")),
                name="event_registration_closes_by_the_end",
                field="registration_closes_at",
                violation_error_message=_(
                    "Der Anmeldeschluss darf nicht nach dem Ende des Termins liegen."
                ),
            ),
            moment_in_range("starts_at", name="event_starts_at_in_range"),
            moment_in_range("ends_at", name="event_ends_at_in_range"),
            moment_in_range("registration_opens_at", name="event_registration_opens_at_in_range"),
            moment_in_range("registration_closes_at", name="event_registration_closes_at_in_range"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    # --- reads for pages, API and services ---------------------------------

    @property
    def period(self) -> str:
        return event_period(self.starts_at, self.ends_at)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue and not self.address

    @property
    def effective_registration_closes_at(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def registration_problem(self, now: datetime | None = None) -> str:
        """Why nobody can register right now, in German; empty when registration is open."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return gettext("Dieser Termin wurde abgesagt; eine Anmeldung ist nicht möglich.")
        if self.status != self.Status.PUBLISHED:
            return gettext(
                "Dieser Termin ist noch nicht veröffentlicht; eine Anmeldung ist noch nicht "
                "möglich."
            )
        if self.registration_opens_at and now < self.registration_opens_at:
            return gettext("Die Anmeldung ist erst ab %(when)s möglich.") % {
                "when": local_datetime(self.registration_opens_at)
            }
        closes = self.effective_registration_closes_at
        if now >= closes:
            return gettext("Die Anmeldefrist ist am %(when)s abgelaufen.") % {
                "when": local_datetime(closes)
            }
        return ""

    def is_registration_open(self, now: datetime | None = None) -> bool:
        return not self.registration_problem(now)

    @property
    def seats_left(self) -> int | None:
        """Free seats (None: unlimited). Lists annotate ``seats_taken`` (selectors)."""
        if self.capacity is None:
            return None
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            from events.models.registrations import Registration

            taken = self.registrations.filter(status__in=Registration.SEATED).count()
        return max(self.capacity - taken, 0)


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("Termin"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    starts_at = models.DateTimeField(
        _("Uhrzeit"), null=True, blank=True, help_text=_("Leer für Programmpunkte ohne Uhrzeit.")
    )
    title = models.CharField(_("Programmpunkt"), max_length=200, validators=[validate_one_line])
    speaker = models.CharField(
        _("Vortragende"), max_length=300, blank=True, validators=[validate_one_line]
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Vorgestelltes Projekt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")
        ordering = ["order", F("starts_at").asc(nulls_last=True), "pk"]
        constraints = [moment_in_range("starts_at", name="agendaitem_starts_at_in_range")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        event = getattr(self, "event", None)
        within = (
            not self.starts_at
            or event is None
            or not (event.starts_at and event.ends_at)
            or event.starts_at <= self.starts_at <= event.ends_at
        )
        if not within:
            raise ValidationError(
                {"starts_at": _("Die Uhrzeit muss innerhalb des Termins liegen.")}
            )
