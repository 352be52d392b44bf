"""Settings of the operator and the legal pages (Impressum, privacy page,
accessibility statement in core.legal), read from the environment; part of
ikone.settings, which imports every name here. README, "Konfiguration"."""

from datetime import date

from ikone.env import env_date, env_int, env_list, env_str

__all__ = [
    "OPERATOR_NAME",
    "OPERATOR_ADDRESS",
    "OPERATOR_REPRESENTED_BY",
    "OPERATOR_EMAIL",
    "OPERATOR_PHONE",
    "OPERATOR_REGISTER",
    "OPERATOR_VAT_ID",
    "CONTENT_RESPONSIBLE",
    "PRIVACY_OFFICER",
    "PRIVACY_SUPERVISORY_AUTHORITY",
    "LOG_RETENTION_DAYS",
    "ACCESSIBILITY_CONTACT_EMAIL",
    "ACCESSIBILITY_STATEMENT_PREPARED_ON",
    "ACCESSIBILITY_STATEMENT_REVIEWED_ON",
    "ACCESSIBILITY_ENFORCEMENT_BODY",
    "ACCESSIBILITY_ENFORCEMENT_URL",
]

# Impressum, privacy page and accessibility statement (core.legal) take the
# operator's details from here; README, "Konfiguration". Lists are comma-separated.
OPERATOR_NAME = env_str("OPERATOR_NAME", "KL.digital GmbH")
OPERATOR_ADDRESS = env_list("OPERATOR_ADDRESS", ["Bahnhofstraße 26-28", "67655 Kaiserslautern"])
OPERATOR_REPRESENTED_BY = env_str("OPERATOR_REPRESENTED_BY", "")
OPERATOR_EMAIL = env_str("OPERATOR_EMAIL", "")
OPERATOR_PHONE = env_str("OPERATOR_PHONE", "")
OPERATOR_REGISTER = env_str("OPERATOR_REGISTER", "")
OPERATOR_VAT_ID = env_str("OPERATOR_VAT_ID", "")
CONTENT_RESPONSIBLE = env_str("CONTENT_RESPONSIBLE", "")
PRIVACY_OFFICER = env_str("PRIVACY_OFFICER", "")
PRIVACY_SUPERVISORY_AUTHORITY = env_list(
    "PRIVACY_SUPERVISORY_AUTHORITY",
    [
        "Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz",
        "Hintere Bleiche 34",
        "55116 Mainz",
    ],
)
# How long the operator keeps the servers' logs (gunicorn, web server, mail
# server): the portal writes them to standard output; the log rotation of the
# operation must hold this, the privacy page states it.
LOG_RETENTION_DAYS = env_int("LOG_RETENTION_DAYS", 14)
# Feedback on barriers (the accessibility statement): this address, or the
# operator's, or by post.
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", OPERATOR_EMAIL)
ACCESSIBILITY_STATEMENT_PREPARED_ON = env_date(
    "ACCESSIBILITY_STATEMENT_PREPARED_ON", date(2026, 12, 5)
)
ACCESSIBILITY_STATEMENT_REVIEWED_ON = env_date(
    "ACCESSIBILITY_STATEMENT_REVIEWED_ON", ACCESSIBILITY_STATEMENT_PREPARED_ON
)
# The enforcement procedure: the body people turn to when feedback brings no
# answer (name and address lines; its web address).
ACCESSIBILITY_ENFORCEMENT_BODY = env_list(
    "ACCESSIBILITY_ENFORCEMENT_BODY",
    [
        "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)",
        "bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen",
        "Mauerstraße 53",
        "10117 Berlin",
    ],
)
ACCESSIBILITY_ENFORCEMENT_URL = env_str(
    "ACCESSIBILITY_ENFORCEMENT_URL", "https://www.schlichtungsstelle-bgg.de"
)
