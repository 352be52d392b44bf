from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ikone.forms import KernFormMixin
from members.models import Municipality, User
from members.selectors import district_choices


class LoginForm(KernFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "E-Mail-Adresse oder Passwort ist falsch. Nach fünf Fehlversuchen wird die "
            "Anmeldung für 15 Minuten gesperrt."
        ),
        "inactive": _("Dieses Benutzerkonto ist deaktiviert."),
    }


class PasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        # Unlike Django's default, accounts without a usable password get the
        # link too: an invited person whose invitation expired must be able to
        # ask for a new one. Every account here logs in with a password.
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class SetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(KernFormMixin, auth_forms.PasswordChangeForm):
    pass


class MunicipalityFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    district = forms.ChoiceField(label=_("Landkreis"), required=False)
    member_since = forms.TypedChoiceField(
        label=_("Mitglied seit"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle Arten")), *Municipality.Kind.choices]
        self.fields["district"].choices = [("", _("Alle Landkreise"))] + [
            (d, d) for d in district_choices()
        ]
        years = Municipality.objects.members().dates("joined_on", "year")
        self.fields["member_since"].choices = [("", _("Alle Jahre"))] + [
            (day.year, str(day.year)) for day in years
        ]


class MunicipalityField(forms.CharField):
    """A municipality typed by name (or given by slug in a link).

    A select of every municipality stops working at national scale (11,000
    options); a name with a clear message when it is ambiguous does not.
    """

    SUGGESTIONS = 5

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def clean(self, value) -> Municipality | None:
        text = super().clean(value).strip()
        if not text:
            return None
        found = Municipality.objects.filter(slug=text).first() or (
            Municipality.objects.filter(name__iexact=text).order_by("pk").first()
        )
        if found:
            return found
        matches = list(
            Municipality.objects.filter(name__istartswith=text)
            .order_by("name")
            .values_list("name", flat=True)[: self.SUGGESTIONS + 1]
        )
        if len(matches) == 1:
            return Municipality.objects.get(name=matches[0])
        if not matches:
            raise forms.ValidationError(
                _("Keine Kommune mit dem Namen „%(name)s“ gefunden."), params={"name": text}
            )
        raise forms.ValidationError(
            _("Mehrere Kommunen passen: %(names)s – bitte den Namen genauer angeben."),
            params={"names": ", ".join(matches[: self.SUGGESTIONS])},
        )

    def prepare_value(self, value):
        return value.name if isinstance(value, Municipality) else value
