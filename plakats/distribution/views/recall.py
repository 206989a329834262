"""Recall pages: supersede or withdraw an edition, the recall view, its replacement
dispatch, progress, close, the call list and the web pages' task list.

Reading is for every role; superseding, withdrawing, replacing and closing are
for coordinators (the rules live in ``services.recall``).
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plakats.core.errors import DomainError
from plakats.core.permissions import can_coordinate, coordinator_required
from plakats.imports.exports import FORMATS, export_response
from plakats.materials.models import Edition
from plakats.venues.choices import VenueKind

from .. import queries_recall as queries
from ..models import Placement, PlacementQuerySet, Recall, RecallLine
from ..recall_forms import ReplacementForm, SupersedeForm, WithdrawForm
from ..services import recall as services
from .common import posted
from .followup import SEPARATORS


def _edition(pk: int) -> Edition:
    return get_object_or_404(Edition.objects.select_related("material"), pk=pk)


def _add_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _retire_page(request, edition: Edition, form, template: str):
    existing = Recall.objects.filter(edition=edition).first()
    return render(
        request,
        f"distribution/recall/{template}",
        {
            "edition": edition,
            "form": form,
            "affected": Placement.objects.believed_up().filter(edition=edition).count(),
            "existing": existing,
            "retired": edition.is_retired or existing is not None,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def edition_supersede(request, pk: int):
    """Confirm how many placements are affected, then mark the edition as replaced."""
    edition = _edition(pk)
    form = SupersedeForm(posted(request), edition=edition)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recall = services.supersede_edition(
                edition,
                data["successor"],
                reason=data["reason"],
                on=data["effective_on"],
                user=request.user,
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The edition is superseded; its recall is open."))
            return redirect(recall)
    return _retire_page(request, edition, form, "supersede.html")


@coordinator_required
@require_http_methods(["GET", "POST"])
def edition_withdraw(request, pk: int):
    """Confirm how many placements are affected, then withdraw the edition."""
    edition = _edition(pk)
    form = WithdrawForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            recall = services.withdraw_edition(
                edition, reason=data["reason"], on=data["effective_on"], user=request.user
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The edition is withdrawn; its recall is open."))
            return redirect(recall)
    return _retire_page(request, edition, form, "withdraw.html")


@require_GET
def recall_list(request):
    pending = PlacementQuerySet.believed_up_q("lines__old_placement__")
    recalls = (
        Recall.objects.select_related("edition__material", "successor__material")
        .annotate(line_count=Count("lines"), old_up=Count("lines", filter=pending))
        .order_by("closed_at", "-created_at", "-pk")
    )
    page = Paginator(recalls, settings.PLAKATS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "distribution/recall/list.html",
        {"page_obj": page, "object_list": page.object_list, "query_string": ""},
    )


def _recall(pk: int) -> Recall:
    return get_object_or_404(
        Recall.objects.select_related(
            "edition__material", "successor__material", "created_by", "closed_by"
        ),
        pk=pk,
    )


def _replacement_form(request, recall: Recall, data=None):
    if recall.successor is None or not recall.is_open or not can_coordinate(request.user):
        return None
    return ReplacementForm(data, successor=recall.successor)


def _detail(request, recall: Recall, form=None, status: int = 200):
    edition = recall.edition
    placements = queries.believed_up_placements(edition)
    # The ids in order first (one query, no LIMIT), then the page's rows: given a
    # LIMIT, PostgreSQL sorted every venue in the country by name before looking
    # for the edition's few thousand placements (0.6 s at 100,000 venues).
    ids = list(placements.values_list("pk", flat=True))
    page = Paginator(ids, settings.PLAKATS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(placements.filter(pk__in=page.object_list)) if ids else []
    regions, kinds = queries.counts_by_region_and_kind(edition)
    progress, total = queries.recall_progress(recall)
    form = form if form is not None else _replacement_form(request, recall)
    needed = None
    if form is not None:
        needed = (
            Placement.objects.believed_up()
            .filter(edition=edition)
            .exclude(recall_lines__new_placement__isnull=False)
            .aggregate(
                venues=Count("pk"),
                items=Sum("quantity", filter=~Q(venue__kind__in=VenueKind.online())),
            )
        )
    context = {
        "recall": recall,
        "edition": edition,
        "page_obj": page,
        "rows": queries.describe_rows(page.object_list),
        "query_string": "",
        "regions": regions,
        "kinds": kinds,
        "progress": progress,
        "total": total,
        "form": form,
        "needed": needed,
        "formats": FORMATS,
        "max_age": settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS,
    }
    return render(request, "distribution/recall/detail.html", context, status=status)


@require_GET
def recall_detail(request, pk: int):
    """Every placement still believed up, counts, progress, and the replacement step."""
    return _detail(request, _recall(pk))


@coordinator_required
@require_POST
def recall_replace(request, pk: int):
    recall = _recall(pk)
    form = _replacement_form(request, recall, request.POST)
    if form is None:
        messages.error(request, _("This recall takes no replacement dispatch."))
        return redirect(recall)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.create_replacement_dispatch(
                recall,
                campaign=data["campaign"],
                planned_on=data["planned_on"],
                channel=data["channel"],
                stock_location=data["stock_location"],
                user=request.user,
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Replacement dispatch made for %(count)d placement.",
                    "Replacement dispatch made for %(count)d placements.",
                    made.count,
                )
                % {"count": made.count},
            )
            if made.online is not None:
                messages.info(
                    request,
                    _("Web pages get no package: see the task list of pages to update."),
                )
            return redirect(made.postal or made.online)
    return _detail(request, recall, form, status=400)


@coordinator_required
@require_POST
def recall_close(request, pk: int):
    recall = _recall(pk)
    try:
        services.close_recall(recall, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The recall is closed."))
    return redirect(recall)


def _code(placement: Placement | None) -> str:
    return placement.code if placement is not None else ""


def _venue(line: RecallLine):
    return line.old_placement.venue


CALL_LIST_COLUMNS = [
    (gettext_lazy("Venue"), lambda line: _venue(line).name),
    (
        gettext_lazy("Region"),
        lambda line: _venue(line).municipality.region.name if _venue(line).municipality_id else "",
    ),
    (gettext_lazy("Contact person"), lambda line: _venue(line).contact_name),
    (gettext_lazy("Phone"), lambda line: _venue(line).phone),
    (gettext_lazy("E-mail"), lambda line: _venue(line).email),
    (gettext_lazy("Address"), lambda line: _venue(line).address or _venue(line).url),
    (gettext_lazy("Old code"), lambda line: line.old_placement.code),
    (gettext_lazy("New code"), lambda line: _code(line.new_placement)),
    (gettext_lazy("Status"), queries.line_status),
]


def _stem(recall: Recall, what: str) -> str:
    return f"{what}-{recall.pk}-{timezone.localdate():%Y-%m-%d}"


@require_GET
def recall_export(request, pk: int, fmt: str):
    """The recall as a call list (CSV or XLSX): who to phone, and where each venue stands."""
    if fmt not in FORMATS:
        raise Http404
    recall = _recall(pk)
    columns = [(str(header), value) for header, value in CALL_LIST_COLUMNS]
    delimiter = SEPARATORS.get(request.GET.get("sep", ""), ",")
    return export_response(
        _stem(recall, "recall"), columns, queries.recall_lines(recall), fmt, delimiter=delimiter
    )


def _page_url(line: RecallLine) -> str:
    return line.old_placement.location_note or _venue(line).url


def _task(recall: Recall):
    def task(line: RecallLine) -> str:
        if recall.successor is None:
            return _("Remove %(old)s") % {"old": recall.edition}
        return _("Replace %(old)s with %(new)s") % {"old": recall.edition, "new": recall.successor}

    return task


def _web_columns(recall: Recall):
    return [
        (str(gettext_lazy("Venue")), lambda line: _venue(line).name),
        (str(gettext_lazy("Page")), _page_url),
        (str(gettext_lazy("What to change")), _task(recall)),
        (str(gettext_lazy("Old code")), lambda line: line.old_placement.code),
        (str(gettext_lazy("New code")), lambda line: _code(line.new_placement)),
        (str(gettext_lazy("Status")), queries.line_status),
    ]


@require_GET
def recall_web_tasks(request, pk: int):
    """The web pages that carry the recalled edition and what to change on each."""
    recall = _recall(pk)
    lines = queries.recall_lines(recall, online=True)
    page = Paginator(lines, settings.PLAKATS_PAGE_SIZE).get_page(request.GET.get("page"))
    task = _task(recall)
    rows = [
        {
            "line": line,
            "url": _page_url(line),
            "task": task(line),
            "status": queries.line_status(line),
        }
        for line in page.object_list
    ]
    context = {
        "recall": recall,
        "page_obj": page,
        "rows": rows,
        "query_string": "",
        "formats": FORMATS,
    }
    return render(request, "distribution/recall/web_tasks.html", context)


@require_GET
def recall_web_tasks_export(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    recall = _recall(pk)
    delimiter = SEPARATORS.get(request.GET.get("sep", ""), ",")
    return export_response(
        _stem(recall, "web-tasks"),
        _web_columns(recall),
        queries.recall_lines(recall, online=True),
        fmt,
        delimiter=delimiter,
    )


urlpatterns = [
    path("editions/<int:pk>/supersede/", edition_supersede, name="edition_supersede"),
    path("editions/<int:pk>/withdraw/", edition_withdraw, name="edition_withdraw"),
    path("recalls/", recall_list, name="recall_list"),
    path("recalls/<int:pk>/", recall_detail, name="recall_detail"),
    path("recalls/<int:pk>/replace/", recall_replace, name="recall_replace"),
    path("recalls/<int:pk>/close/", recall_close, name="recall_close"),
    path("recalls/<int:pk>/export/<str:fmt>/", recall_export, name="recall_export"),
    path("recalls/<int:pk>/web-tasks/", recall_web_tasks, name="recall_web_tasks"),
    path(
        "recalls/<int:pk>/web-tasks/export/<str:fmt>/",
        recall_web_tasks_export,
        name="recall_web_tasks_export",
    ),
]
