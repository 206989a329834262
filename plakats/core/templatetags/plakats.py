"""Small display helpers for templates: sortable column headers, status badges."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that links to this list sorted by ``key`` (toggling direction)."""
    current = context.get("sort", "")
    base = context.get("sort_query_string", "")
    descending = current == key
    target = f"-{key}" if descending else key
    arrow = ""
    if current.lstrip("-") == key:
        arrow = " ▼" if current.startswith("-") else " ▲"
    prefix = f"?{base}&" if base else "?"
    aria = "descending" if current == f"-{key}" else ("ascending" if current == key else "none")
    return format_html(
        '<a href="{}sort={}" aria-sort="{}">{}{}</a>', prefix, target, aria, label, arrow
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
