import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint
from members import roles

# [0-9], not \d: \d also matches other scripts' digits, which are no AGS.
ags_validator = RegexValidator(
    r"^[0-9]{8}\Z",
    _("Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern (z. B. 07318000)."),
    code="invalid_ags",
)


class MunicipalityQuerySet(models.QuerySet):
    def members(self, on: date | None = None) -> "MunicipalityQuerySet":
        """Members of the network on a day (today by default): joined, not yet left."""
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def search(self, query: str) -> "MunicipalityQuerySet":
        query = query.strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query)
            | Q(official_name__icontains=query)
            | Q(district__icontains=query)
            | Q(ags__startswith=query)
        )


class Municipality(models.Model):
    class Kind(models.TextChoices):
        INDEPENDENT_CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")
        MUNICIPALITY = "verbandsfreie_gemeinde", _("Verbandsfreie Gemeinde/Stadt")
        ASSOCIATION = "verbandsgemeinde", _("Verbandsgemeinde")
        LOCAL_COMMUNITY = "ortsgemeinde", _("Ortsgemeinde")
        DISTRICT = "landkreis", _("Landkreis")
        ORGANISATION = "organisation", _("Sonstige Organisation")

    name = models.CharField(_("Name"), max_length=200)
    official_name = models.CharField(_("Amtlicher Name"), max_length=200, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        blank=True,
        validators=[ags_validator],
        help_text=_("Genau 8 Ziffern; leer bei Organisationen, die keine Kommune sind."),
    )
    district = models.CharField(_("Landkreis"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.TextField(_("Anschrift"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    joined_on = models.DateField(_("Mitglied seit"), null=True, blank=True)
    left_on = models.DateField(_("Ausgetreten am"), null=True, blank=True)
    is_example = models.BooleanField(
        _("Beispieldatensatz"),
        default=False,
        help_text=_("Markiert Angaben, die nicht aus Quellen stammen, sondern Beispiele sind."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"],
                condition=~Q(ags=""),
                name="municipality_ags_unique_when_set",
                violation_error_code="unique",  # the error of the field, not of the form
                violation_error_message=_(
                    "Dieser Amtliche Gemeindeschlüssel ist bereits einer anderen Kommune "
                    "zugeordnet."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(ags="") | Q(ags__regex=r"^[0-9]{8}$"),
                name="municipality_ags_eight_digits",
                field="ags",
                violation_error_message=_(
                    "Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=False),
                name="municipality_left_needs_joined",
                field="left_on",
                violation_error_message=_("Ein Austrittsdatum setzt ein Beitrittsdatum voraus."),
            ),
            FieldCheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="municipality_left_not_before_joined",
                field="left_on",
                violation_error_message=_(
                    "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."
                ),
            ),
        ]
        indexes = [models.Index(fields=["joined_on", "left_on"], name="municipality_membership")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:municipality-detail", kwargs={"slug": self.slug})

    def is_member_on(self, day: date) -> bool:
        return bool(
            self.joined_on
            and self.joined_on <= day
            and (self.left_on is None or self.left_on > day)
        )

    @property
    def is_member(self) -> bool:
        return self.is_member_on(timezone.localdate())


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    first_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    position = models.CharField(_("Funktion"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Leer für Koordination und Ministerium."),
    )
    is_staff = models.BooleanField(
        _("Zugang zur Verwaltung"),
        default=False,
        help_text=_("Darf sich in der Django-Verwaltung anmelden (Koordination)."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)
    # Raising this number ends every session of the user at once ("log out
    # everywhere else"): it is part of the hash each session is checked against.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Benutzer/in")
        verbose_name_plural = _("Benutzer/innen")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        key_salt = "members.User.get_session_auth_hash"
        return salted_hmac(
            key_salt,
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or roles.COORDINATION in self.role_names

    @property
    def is_ministry(self) -> bool:
        return roles.MINISTRY in self.role_names

    @property
    def is_municipal_staff(self) -> bool:
        return roles.MUNICIPAL_STAFF in self.role_names and self.municipality_id is not None

    @property
    def role_label(self) -> str:
        for name in (roles.COORDINATION, roles.MINISTRY, roles.MUNICIPAL_STAFF):
            if name in self.role_names:
                return str(roles.ROLE_LABELS[name])
        return ""


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for machine clients. Only a SHA-256 hash is stored."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/in"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    prefix = models.CharField(_("Anfang des Tokens"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, *, user: User, days: int, name: str = "") -> tuple["ApiToken", str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[: cls.PREFIX_LENGTH],
            key_hash=_hash_token(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        return cls.objects.select_related("user").filter(key_hash=_hash_token(raw)).first()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who changed what and when, for every change that matters to money or moderation.

    Apps write entries through ``members.audit.log_action`` inside the same
    transaction as the change itself.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    action = models.CharField(_("Aktion"), max_length=64)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_object")
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
