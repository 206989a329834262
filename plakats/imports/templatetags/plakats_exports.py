"""Template helpers of the export links shown under every list."""

from django import template

from plakats.imports.export_lists import EXPORTS

register = template.Library()


@register.filter
def export_title(what: str) -> str:
    """The name of an exportable list ("venues", "stock ledger") in the current language."""
    export = EXPORTS.get(what)
    return str(export.title) if export else what
