from django import template

from funding.formatting import euro as format_euro

register = template.Library()


@register.filter
def euro(value) -> str:
    return format_euro(value)
