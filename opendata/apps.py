from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """What the portal publishes openly: /opendata/ (docs/architecture.md, "Open data").

    The top of the layers: it reads members, projects and events through their
    querysets and knows their URLs; nothing imports it."""

    name = "opendata"
    verbose_name = _("Offene Daten")
