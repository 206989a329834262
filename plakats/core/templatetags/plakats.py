"""Small display helpers for templates: sortable column headers, status badges."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that links to this list sorted by ``key`` (toggling direction)."""
    current = context.get("sort", "")
    base = context.get("sort_query_string", "")
    descending = current == key
    target = f"-{key}" if descending else key
    prefix = f"?{base}&" if base else "?"
    if current.lstrip("-") != key:
        return format_html('<a href="{}sort={}">{}</a>', prefix, target, label)
    # aria-sort belongs on the <th>, which the tag does not render: say the order in words.
    if current.startswith("-"):
        arrow, order = " ▼", _("sorted descending")
    else:
        arrow, order = " ▲", _("sorted ascending")
    return format_html(
        '<a href="{}sort={}">{}<span aria-hidden="true">{}</span>'
        '<span class="visually-hidden"> ({})</span></a>',
        prefix,
        target,
        label,
        arrow,
        order,
    )


@register.simple_tag
def status_badge(value: str, label: str):
    """A status as text with a colour class: the colour is never the only signal."""
    return format_html('<span class="badge badge-{}">{}</span>', value, label)


@register.filter
def field_label(instance, field_name: str) -> str:
    return instance._meta.get_field(field_name).verbose_name


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, 0)
