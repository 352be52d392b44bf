from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core import mail
from core.forms import KernFormMixin
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

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Built like every other mail of the portal (core.mail)."""
        with mail.german():
            subject = render_to_string(subject_template_name, context)
        template = email_template_name.removesuffix(".txt")
        mail.build(template, subject=subject, context=context, to=[to_email]).send()


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
    """A municipality typed by name (or given by slug or AGS in a link).

    A select of every municipality stops working at national scale (11,000
    options); a name with a clear message when it is ambiguous does not.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def clean(self, value) -> Municipality | None:
        text = super().clean(value).strip()
        return find_municipality(text) if text else None

    def prepare_value(self, value):
        if isinstance(value, int):  # an initial given as primary key
            value = Municipality.objects.filter(pk=value).first() or value
        return value.name if isinstance(value, Municipality) else value


class MunicipalitiesField(forms.CharField):
    """Several municipalities, one per line, each typed as for ``MunicipalityField``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20_000)
        super().__init__(*args, **kwargs)

    def clean(self, value) -> list[Municipality]:
        text = super().clean(value)
        found, errors = [], []
        for line in dict.fromkeys(line.strip() for line in text.splitlines()):
            if not line:
                continue
            try:
                found.append(find_municipality(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(found))

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return "\n".join(municipality.name for municipality in value)


SUGGESTIONS = 5


def find_municipality(text: str) -> Municipality:
    """The municipality a person typed: its slug, its AGS or its name (or the
    start of a name only one municipality has). A clear German error otherwise."""
    text = text.strip()
    by_key = Q(slug=text) | Q(ags=text) if text.isdigit() else Q(slug=text)
    found = Municipality.objects.filter(by_key).first()
    if found:
        return found
    exact = list(Municipality.objects.filter(name__iexact=text).order_by("pk")[:2])
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise forms.ValidationError(
            _(
                "Mehrere Kommunen heißen „%(name)s“ – bitte den amtlichen "
                "Gemeindeschlüssel (AGS) angeben."
            ),
            params={"name": text},
        )
    matches = list(
        Municipality.objects.filter(name__istartswith=text)
        .order_by("name")
        .values_list("pk", "name")[: SUGGESTIONS + 1]
    )
    if len(matches) == 1:
        return Municipality.objects.get(pk=matches[0][0])
    if not matches:
        raise forms.ValidationError(
            _("Keine Kommune mit dem Namen „%(name)s“ gefunden."), params={"name": text}
        )
    raise forms.ValidationError(
        _("Mehrere Kommunen passen: %(names)s – bitte den Namen genauer angeben."),
        params={"names": ", ".join(name for _pk, name in matches[:SUGGESTIONS])},
    )
