"""Markdown for project descriptions: rendered, sanitised, and checked on input.

Input that carries script (``<script>``, event handlers, ``javascript:`` links)
is refused with a German message (``validate_safe_markdown``); what is stored
is still sanitised with nh3 on every rendering, so nothing unsafe reaches a
page even if it came in another way (admin, database, an older version).
"""

import re
from html.parser import HTMLParser

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Elements that run code or load active content; their presence in the input
# is an error, not something to strip silently.
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "template",
    "noscript",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "cite",
}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_TAG_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def _to_html(text: str) -> str:
    return markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put on a page."""
    cleaned = nh3.clean(
        _to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


class _UnsafeMarkupFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def _add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in FORBIDDEN_TAGS:
            self._add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self._add(_("Event-Handler „%(name)s“") % {"name": name})
            elif name in URL_ATTRIBUTES and value:
                url = _URL_NOISE.sub("", value).lower()
                if url.startswith(FORBIDDEN_SCHEMES):
                    self._add(_("Link mit „%(scheme)s“") % {"scheme": url.split(":", 1)[0] + ":"})

    handle_startendtag = handle_starttag


def unsafe_markup(text: str) -> list[str]:
    """What in ``text`` (Markdown with possible raw HTML) would run code in a browser."""
    finder = _UnsafeMarkupFinder()
    finder.feed(_to_html(text))
    finder.close()
    return finder.problems


def validate_safe_markdown(value: str) -> None:
    problems = unsafe_markup(value)
    if problems:
        raise ValidationError(
            _(
                "Die Beschreibung enthält unzulässige Inhalte (%(problems)s). Skripte, "
                "Event-Handler und javascript:-Links sind nicht erlaubt; bitte entfernen Sie sie."
            )
            % {"problems": ", ".join(problems)},
            code="unsafe_markup",
        )


def validate_no_html(value: str) -> None:
    if value and _TAG_LIKE.search(value):
        raise ValidationError(
            _("HTML ist in diesem Feld nicht erlaubt. Bitte geben Sie nur Text ein."),
            code="html",
        )
