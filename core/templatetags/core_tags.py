"""Template tags every app's templates may use."""

import itertools

from django import forms, template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import cache
from core.formatting import euro as format_euro
from core.links import plain_link
from core.numbers import format_number
from core.structured_data import as_json

register = template.Library()


@register.filter
def json_ld(data: dict | None) -> SafeString | str:
    """A schema.org JSON-LD block; nothing for no data. The JSON escapes ``<``,
    ``>`` and ``&`` so no text can end the script element."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', as_json(data))


@register.simple_tag
def link(viewname: str) -> str:
    """``{% url viewname %}`` for a URL without arguments, reversed once
    (``core.links.plain_link``): a page's header and footer carry a dozen."""
    return plain_link(viewname)


@register.filter
def euro(value) -> str:
    """60.750,00 € (German) or 60,750.00 € (English)."""
    return format_euro(value)


@register.filter
def number(value) -> str:
    """1.200 (German) or 1,200 (English), with the value's own decimals."""
    return format_number(value, None) if value is not None and value != "" else ""


_MULTIPLE_CHOICE = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.simple_tag
def error_summary(form) -> list[dict[str, str]]:
    """Every error of ``form`` for the error summary (GOV.UK/KERN pattern):
    the id of the input it belongs to (empty for errors of the whole form),
    the field's label and the message, in the order of the form's fields."""
    if form is None or not form.errors:
        return []
    items = [
        {"target": "", "label": "", "message": str(message)} for message in form.non_field_errors()
    ]
    for field in form:
        if not field.errors:
            continue
        target = field.auto_id or ""
        if target and isinstance(field.field.widget, _MULTIPLE_CHOICE):
            target = f"{target}_0"  # the group's first box, as its legend is not focusable
        if field.is_hidden:
            target = ""
        items += [
            {"target": target, "label": str(field.label), "message": str(message)}
            for message in field.errors
        ]
    return items


class CachedNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: FilterExpression,
        vary: list[FilterExpression],
        options: dict[str, FilterExpression],
    ) -> None:
        self.nodelist, self.name, self.vary, self.options = nodelist, name, vary, options

    def render(self, context) -> str:
        depends_on = str(self.options["depends"].resolve(context)).split()
        scope = self.options["scope"].resolve(context) if "scope" in self.options else "public"
        return mark_safe(  # noqa: S308 - rendered by the template engine
            cache.get_or_compute(
                str(self.name.resolve(context)),
                lambda: self.nodelist.render(context),
                depends_on=depends_on,
                scope=str(scope),
                vary=[value.resolve(context) for value in self.vary],
            )
        )


@register.tag("cached")
def do_cached(parser: Parser, token: Token) -> CachedNode:
    """``{% cached "name" value … depends="topic topic" [scope=…] %}…{% endcached %}``

    The block through ``core.cache``: under the versions of the topics it
    shows, the reader's scope, the language and the values it varies with.
    """
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% cached %} needs a name.")
    name, *rest = bits
    vary, options = [], {}
    for bit in rest:
        keyword, sep, value = bit.partition("=")
        if sep and keyword in ("depends", "scope"):
            options[keyword] = parser.compile_filter(value)
        else:
            vary.append(parser.compile_filter(bit))
    if "depends" not in options:
        raise template.TemplateSyntaxError('{% cached %} needs depends="topic …".')
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, parser.compile_filter(name), vary, options)


class FixedNode(template.Node):
    """See ``do_fixed``."""

    _numbers = itertools.count()

    def __init__(self, nodelist: NodeList, vary: list[FilterExpression]) -> None:
        self.nodelist, self.vary = nodelist, vary
        self.number = next(self._numbers)

    def render(self, context) -> str:
        key = (
            self.number,
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(value.resolve(context) for value in self.vary),
        )
        found = _fixed.get(key)
        if found is None:
            found = _fixed[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return found


# What {% fixed %} blocks rendered, for this process; emptied when a test
# changes settings (the static files' storage, the languages).
_fixed: dict[tuple, SafeString] = {}
setting_changed.connect(lambda **kwargs: _fixed.clear(), weak=False, dispatch_uid="core.fixed")


@register.tag("fixed")
def do_fixed(parser: Parser, token: Token) -> FixedNode:
    """``{% fixed value … %}…{% endfixed %}``: the block rendered once per
    process for each language and each combination of the values — for parts
    of every page that only translations, URLs and static files decide (the
    header's links, the footer). Nothing else of the context may appear in it:
    it would be shown to the next reader. A few values only (a flag, the
    current section), never a path or a name: each combination is kept."""
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist, vary)


@register.simple_tag(takes_context=True)
def nav_current(context) -> tuple[bool, ...]:
    """Which of the header's sections the page is in: start, projects,
    municipalities, meetings, funding, account (the nav's aria-current)."""
    request = context.get("request")
    if request is None:
        return (False,) * 6
    path = request.path
    match = request.resolver_match
    return (
        path == plain_link("home"),
        plain_link("projects:project-list") in path,
        plain_link("members:municipality-list") in path,
        plain_link("events:event-list") in path,
        plain_link("funding:grant-list") in path,
        match is not None and match.view_name == "members:account",
    )


@register.simple_tag
def content_lang(language: str = "de") -> str:
    """`` lang="de"`` for an element holding what people wrote in German
    (titles, descriptions), when the interface speaks another language:
    screen readers then read it as German (WCAG 3.1.2)."""
    if (get_language() or settings.LANGUAGE_CODE) == language:
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def slot(context, name: str, **kwargs) -> SafeString:
    """What the apps above registered for the place ``name`` (core.registry), rendered."""
    from core.registry import registry, render_sections

    request = context.get("request")
    if request is None:
        return mark_safe("")  # noqa: S308 - empty
    parts = render_sections(registry.slots.get(name, []), request, **kwargs)
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the template engine
