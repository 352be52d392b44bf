"""Template tags every app's templates may use."""

from django import forms, template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
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
