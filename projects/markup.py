"""Markdown for project descriptions: bounded, parsed once, sanitised, stored.

A description is at most ``MAX_DESCRIPTION_LENGTH`` characters (model, form
and API share the validator; the database holds it as a CHECK). It is parsed
by markdown-it-py, a CommonMark parser whose work grows linearly with the
input (Python-Markdown needed 26 s for 9,000 ``[``), and sanitised with nh3.
The project services store the result in ``Project.description_html`` when
the text changes; pages and the API show the stored HTML and never render
per read (docs/architecture.md, "Untrusted input").

Input that carries script (``<script>``, event handlers, ``javascript:`` links)
is refused with a German message (``validate_safe_markdown``). The check reads
the same parse: the links markdown-it found and the raw HTML passed through,
scanned by a small tokenizer that only ever moves forward (Python's
``html.parser`` is quadratic on some inputs and raises on others).
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdown_it import MarkdownIt

from core.text import schema_pattern

MAX_DESCRIPTION_LENGTH = 20_000

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

# CommonMark with tables and raw HTML. Every link is kept (markdown-it would
# drop javascript: links silently): the check refuses them with a message,
# and nh3 keeps only http, https and mailto in what is stored.
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]


@dataclass(frozen=True)
class _Parsed:
    html: str  # markdown-it's output, not yet sanitised
    problems: tuple[tuple[str, str], ...]  # (kind, what), untranslated


@lru_cache(maxsize=8)
def _parse(text: str) -> _Parsed:
    """One parse per text for the check (full_clean) and the rendering (the service)."""
    env: dict = {}
    tokens = _PARSER.parse(text, env)
    problems: dict[tuple[str, str], None] = {}
    for token in tokens:
        for item in (token, *(token.children or ())):
            if item.type == "link_open":
                _check_url(problems, str(item.attrGet("href") or ""))
            elif item.type == "image":
                _check_url(problems, str(item.attrGet("src") or ""))
            elif item.type in ("html_block", "html_inline"):
                for name, attributes, is_start in _tags(item.content):
                    if is_start and name in FORBIDDEN_TAGS:
                        problems[("tag", name)] = None
                    for attribute, value in attributes:
                        if attribute.startswith("on"):
                            problems[("handler", attribute)] = None
                        elif attribute in URL_ATTRIBUTES and value:
                            _check_url(problems, value)
    rendered = _PARSER.renderer.render(tokens, _PARSER.options, env)
    return _Parsed(html=rendered, problems=tuple(problems))


def _check_url(problems: dict, url: str) -> None:
    url = _URL_NOISE.sub("", url).lower()
    if url.startswith(FORBIDDEN_SCHEMES):
        problems[("scheme", url.split(":", 1)[0] + ":")] = None


# --- a forward-only scanner for raw HTML --------------------------------------
# Enough of the HTML tokenizer to find start tags and their attributes the way
# a browser would (attributes separated by spaces or "/", quoted or not,
# character references decoded). Each step consumes input, so the work is
# linear in the length of the HTML.
_OPEN = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
_BETWEEN = re.compile(r"[\s/]*")
_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")


def _tags(markup: str) -> Iterator[tuple[str, list[tuple[str, str]], bool]]:
    """(tag name, [(attribute, value)], is a start tag) for every tag in ``markup``."""
    end = len(markup)
    position = 0
    while (start := markup.find("<", position)) >= 0:
        if markup.startswith("<!--", start):
            closing = markup.find("-->", start + 4)
            if closing < 0:
                return
            position = closing + 3
            continue
        opened = _OPEN.match(markup, start)
        if opened is None:
            position = start + 1
            continue
        position = opened.end()
        attributes = []
        while position < end:
            between = _BETWEEN.match(markup, position)
            position = between.end() if between is not None else position
            if position >= end:
                break
            if markup[position] == ">":
                position += 1
                break
            named = _NAME.match(markup, position)
            if named is None:  # cannot happen: the character is none of \s / >
                break
            position, value = named.end(), ""
            equals = _EQUALS.match(markup, position)
            if equals is not None:
                position = equals.end()
                quote = markup[position : position + 1]
                if quote in ('"', "'"):
                    closing = markup.find(quote, position + 1)
                    closing = end if closing < 0 else closing
                    value, position = markup[position + 1 : closing], closing + 1
                else:
                    unquoted = _UNQUOTED.match(markup, position)
                    if unquoted is not None:  # it always matches, if only ""
                        value, position = unquoted.group(), unquoted.end()
            attributes.append((named.group().lower(), html.unescape(value)))
        yield opened.group(2).lower(), attributes, not opened.group(1)


# --- the public functions ------------------------------------------------------


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put on a page (what the services store)."""
    cleaned = nh3.clean(
        _parse(text or "").html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned.rstrip("\n"))  # noqa: S308 - sanitised by nh3 just above


def unsafe_markup(text: str) -> list[str]:
    """What in ``text`` (Markdown with possible raw HTML) would run code in a browser."""
    problems = []
    for kind, what in _parse(text or "").problems:
        if kind == "tag":
            problems.append(f"<{what}>")
        elif kind == "handler":
            problems.append(_("Event-Handler „%(name)s“") % {"name": what})
        else:
            problems.append(_("Link mit „%(scheme)s“") % {"scheme": what})
    return problems


validate_description_length = MaxLengthValidator(
    MAX_DESCRIPTION_LENGTH,
    message=gettext_lazy(
        "Die Beschreibung darf höchstens %(limit_value)d Zeichen lang sein; "
        "sie hat %(show_value)d Zeichen."
    ),
)


def validate_safe_markdown(value: str) -> None:
    if len(value or "") > MAX_DESCRIPTION_LENGTH:
        return  # validate_description_length reports it; nothing this long is parsed
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


# For the API's schema (core.api.schema): no text that looks like a tag.
validate_no_html.json_schema = {  # type: ignore[attr-defined]
    "not": {"pattern": schema_pattern(_TAG_LIKE.pattern)}
}
