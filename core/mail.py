"""Every mail of the portal is built here: German, plain text plus HTML.

A mail is a pair of templates, ``<name>.txt`` and ``<name>.html``, rendered
in German whatever language the request that caused it used (a coordinator
with an English browser still sends the city a German invitation). The
context always has ``site_url`` for absolute links. Attachments (an .ics)
and extra headers (List-Unsubscribe, Message-ID) go through ``build``.

Senders that mail one text to many people render the parts once
(``render_parts``) and assemble a message per person (``compose``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

MAIL_LANGUAGE = "de"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


@dataclass(frozen=True)
class MailParts:
    subject: str
    text: str
    html: str


def render_parts(template: str, subject: str, context: Mapping[str, Any]) -> MailParts:
    """Subject and both bodies in the mail language (call with a translated subject
    inside ``german()``, or pass it in already German)."""
    full_context = {"site_url": settings.SITE_URL, **context}
    with german():
        return MailParts(
            subject=" ".join(str(subject).split()),  # a header is one line
            text=render_to_string(f"{template}.txt", full_context),
            html=render_to_string(f"{template}.html", full_context),
        )


def compose(
    parts: MailParts,
    *,
    to: Iterable[str],
    attachments: Iterable[Attachment] = (),
    headers: Mapping[str, str] | None = None,
    unsubscribe_url: str | None = None,
) -> EmailMultiAlternatives:
    """One message of rendered parts. With ``unsubscribe_url`` (an https link
    that ends exactly what this mail is about on a POST without login) it
    carries the RFC 2369 / RFC 8058 one-click headers, so mail clients offer
    "unsubscribe" and may POST ``List-Unsubscribe=One-Click`` to it."""
    all_headers = dict(headers or {})
    if unsubscribe_url:
        all_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=parts.subject, body=parts.text, to=list(to), headers=all_headers
    )
    message.attach_alternative(parts.html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def build(
    template: str,
    *,
    subject: str,
    context: Mapping[str, Any],
    to: Iterable[str],
    attachments: Iterable[Attachment] = (),
    headers: Mapping[str, str] | None = None,
    unsubscribe_url: str | None = None,
) -> EmailMultiAlternatives:
    """One mail: ``template``.txt and .html rendered in German."""
    return compose(
        render_parts(template, subject, context),
        to=to,
        attachments=attachments,
        headers=headers,
        unsubscribe_url=unsubscribe_url,
    )


def send_all(messages: list[EmailMultiAlternatives]) -> int:
    """Send over one connection; the number sent."""
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def german() -> translation.override:
    """Translations in the mail language, for subjects built before ``build``."""
    return translation.override(MAIL_LANGUAGE)
