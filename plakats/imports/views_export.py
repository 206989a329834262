"""Exports of every list as CSV and XLSX, with the list's own filters and sort.

``/imports/export/<what>.<csv|xlsx>?<the list's query string>`` streams the
file; ``?sep=semicolon`` makes a semicolon CSV for Excel set to Latvian. Every
role reads every list, so every role may export it (login and a role are
required by the middleware, as for the lists).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .export_lists import EXPORTS, ExportFilterError, ListExport, export_rows
from .exports import FORMATS, export_response

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _export_for(what: str) -> ListExport:
    try:
        return EXPORTS[what]
    except KeyError:
        raise Http404(_("There is no such list to export.")) from None


@require_GET
def export_list(request, what: str, fmt: str):
    export = _export_for(what)
    if fmt not in FORMATS:
        raise Http404(_("Lists are exported as CSV or XLSX."))
    try:
        rows = export_rows(export, request.GET)
    except ExportFilterError as exc:
        messages.error(request, _("Nothing was exported. %(reason)s") % {"reason": exc.message})
        query = request.GET.urlencode()
        return redirect(reverse(export.list_url) + (f"?{query}" if query else ""))
    delimiter = SEPARATORS.get(request.GET.get("sep", ""), ",")
    stem = f"{export.name}-{timezone.localdate():%Y-%m-%d}"
    return export_response(stem, export.columns(), rows, fmt, delimiter=delimiter)


@require_GET
def export_links(request, what: str):
    """The export links for the list's current filters (htmx refreshes them when filters change)."""
    _export_for(what)
    return render(request, "core/_export_links.html", {"what": what})


urlpatterns = [
    path("export/<slug:what>.<slug:fmt>", export_list, name="export"),
    path("export/<slug:what>/links/", export_links, name="export_links"),
]
