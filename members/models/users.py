"""People: e-mail login, their municipality and role."""

import functools

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line
from members import roles
from members.models.municipalities import Municipality


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
    email = models.EmailField(_("E-Mail-Adresse"), unique=True, validators=[validate_one_line])
    first_name = models.CharField(
        _("Vorname"), max_length=150, blank=True, validators=[validate_one_line]
    )
    last_name = models.CharField(
        _("Nachname"), max_length=150, blank=True, validators=[validate_one_line]
    )
    position = models.CharField(
        _("Funktion"), max_length=200, blank=True, validators=[validate_one_line]
    )
    phone = models.CharField(
        _("Telefon"), max_length=50, blank=True, validators=[validate_one_line]
    )
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
    # Set when the coordination anonymised the person (members.services.people):
    # the row stays so that what they did still names their city.
    anonymised_at = models.DateTimeField(
        _("anonymisiert am"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Benutzer/in")
        verbose_name_plural = _("Benutzer/innen")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        if self.anonymised_at is not None:
            return anonymous_label(self.municipality)
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
        # Asked on nearly every page of a logged-in person (permissions): a
        # statement made once per process (role_names_sql), not built
        # through the ORM each time, which took twice as long as the
        # database needs to answer it.
        with connections[self._state.db or DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(role_names_sql("%s"), [self.pk])
            return frozenset(name for (name,) in cursor.fetchall())

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


@functools.cache
def role_names_sql(user_id: str) -> str:
    """The statement that reads the role names (their groups' names) of the
    person whose id is ``user_id``: ``%s`` for a parameter, or a column of an
    outer statement that reads the person too (``members.backends``,
    ``ApiToken.find``)."""
    qn = connection.ops.quote_name
    roles_meta = User.groups.through._meta
    group = roles_meta.get_field("group")
    group_meta = group.remote_field.model._meta
    return (
        f"SELECT g.{qn(group_meta.get_field('name').column)}"  # noqa: S608 - names from _meta
        f" FROM {qn(group_meta.db_table)} g JOIN {qn(roles_meta.db_table)} r"
        f" ON r.{qn(group.column)} = g.{qn(group_meta.pk.column)}"
        f" WHERE r.{qn(roles_meta.get_field('user').column)} = {user_id}"
    )


def anonymous_label(municipality: Municipality | None) -> str:
    """How an anonymised or deleted person is named: by their city, if any."""
    if municipality is None:
        return str(_("Ehemalige Person"))
    return str(_("Ehemalige Person (%(city)s)") % {"city": municipality.name})
