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
