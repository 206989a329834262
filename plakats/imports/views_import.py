"""Venue import pages: upload, map columns and preview, confirm, progress, result.

Coordinators only: an import may touch venues in every region, so regional
consultants add venues one by one instead. Small files are checked and
imported during the request; larger ones (see ``runs.INLINE_ROWS``) by a
background task, while the page polls the run's progress every second.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plakats.core.lists import list_context
from plakats.core.permissions import coordinator_required

from . import runs, tasks
from .filters_import import ImportRunFilter
from .forms_import import ConfirmForm, MappingForm, UploadForm
from .models import ImportKind, ImportRun, ImportStatus
from .reading import ImportFileError
from .venue_import import field_label

RUN_SORTS = {"created": "created_at", "file": "file_name", "status": "status"}


@coordinator_required
@require_GET
def import_list(request):
    filterset = ImportRunFilter(
        request.GET, queryset=ImportRun.objects.select_related("created_by")
    )
    context = list_context(request, filterset, sorts=RUN_SORTS, default_sort="-created")
    return render(request, "imports/import_list.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = runs.start_venue_run(
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                source=form.cleaned_data["source"].strip(),
                default_kind=form.cleaned_data["default_kind"],
                sheet=form.cleaned_data["sheet"].strip(),
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            _analyse(run)
            return redirect(run)
    return render(request, "imports/import_upload.html", {"form": form})


def _analyse(run: ImportRun) -> None:
    if runs.runs_inline(run):
        runs.analyse_run(run)
    else:
        _start_task(run, ImportStatus.ANALYSING, tasks.analyse_import, run.pk)


def _start_task(run: ImportRun, status: str, task, *args) -> None:
    run.status = status
    run.rows_done = 0
    run.started_at = timezone.now()
    run.save(update_fields=["status", "rows_done", "started_at"])
    try:
        task.enqueue(*args)
    except Exception:
        runs.fail(run, _("The import could not be started in the background. Try again."))
        raise


def _get_run(pk: int) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.select_related("created_by").defer("content"),
        pk=pk,
        kind=ImportKind.VENUES,
    )


@coordinator_required
@require_GET
def import_detail(request, pk: int):
    run = _get_run(pk)
    if run.is_running or run.status == ImportStatus.UPLOADED:
        return render(request, "imports/import_progress.html", _progress_context(run))
    if run.status == ImportStatus.PREVIEWED:
        return _preview_page(request, run, MappingForm(run=run), ConfirmForm(run=run))
    return render(
        request,
        "imports/import_result.html",
        {"run": run, "mapping_pairs": list(enumerate(run.mapping))},
    )


def _preview_page(request, run, mapping_form, confirm_form, status=200):
    preview = run.preview or {}
    updates = [
        {
            **update,
            "changes": [
                {"label": field_label(key), "old": old, "new": new}
                for key, old, new in update["changes"]
            ],
        }
        for update in preview.get("updates", [])
    ]
    return render(
        request,
        "imports/import_preview.html",
        {
            "run": run,
            "preview": preview,
            "counts": preview.get("counts", {}),
            "updates": updates,
            "mapping_form": mapping_form,
            "confirm_form": confirm_form,
        },
        status=status,
    )


@coordinator_required
@require_POST
def import_mapping(request, pk: int):
    """Take the mapping (and source, default kind) the user chose, and check the file again."""
    run = _get_run(pk)
    if run.is_running or run.status == ImportStatus.COMMITTED:
        messages.error(request, _("This import can no longer be changed."))
        return redirect(run)
    form = MappingForm(request.POST, run=run)
    if not form.is_valid():
        if run.status != ImportStatus.PREVIEWED:
            messages.error(request, " ".join(form.non_field_errors()))
            return redirect(run)
        return _preview_page(request, run, form, ConfirmForm(run=run), status=400)
    run.mapping = form.mapping()
    run.source = form.cleaned_data["source"].strip()
    run.default_kind = form.cleaned_data["default_kind"]
    run.save(update_fields=["mapping", "source", "default_kind"])
    _analyse(run)
    return redirect(run)


@coordinator_required
@require_POST
def import_commit(request, pk: int):
    run = _get_run(pk)
    if run.status != ImportStatus.PREVIEWED:
        messages.error(request, _("This import is not waiting for confirmation."))
        return redirect(run)
    form = ConfirmForm(request.POST, run=run)
    if not form.is_valid():
        return _preview_page(request, run, MappingForm(run=run), form, status=400)
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.COMMITTING,
        decisions=form.decisions(),
        skip_errors=form.cleaned_data.get("skip_errors", False),
    )
    if not claimed:
        messages.error(request, _("This import has already been started."))
        return redirect(run)
    run.refresh_from_db()
    if runs.runs_inline(run):
        result = runs.commit_run(run, user=request.user)
        if result is not None:
            messages.success(
                request, _("Imported: %(summary)s") % {"summary": runs.describe(result)}
            )
    else:
        _start_task(run, ImportStatus.COMMITTING, tasks.commit_import, run.pk, request.user.pk)
    return redirect(run)


@coordinator_required
@require_GET
def import_progress(request, pk: int):
    """The progress box, polled by htmx; once the step is over the page reloads as its result."""
    run = _get_run(pk)
    if not (run.is_running or run.status == ImportStatus.UPLOADED):
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = run.get_absolute_url()
            return response
        return redirect(run)
    return render(request, "imports/_import_progress.html", _progress_context(run))


def _progress_context(run: ImportRun) -> dict:
    return {"run": run, "time_left": _time_left(run)}


def _time_left(run: ImportRun) -> str:
    if not run.started_at or not run.rows_done or run.rows_done >= run.rows_total:
        return ""
    elapsed = (timezone.now() - run.started_at).total_seconds()
    seconds = round(elapsed * (run.rows_total - run.rows_done) / run.rows_done)
    if seconds < 90:
        return ngettext("about %(n)s second", "about %(n)s seconds", seconds) % {"n": seconds}
    minutes = round(seconds / 60)
    return ngettext("about %(n)s minute", "about %(n)s minutes", minutes) % {"n": minutes}


urlpatterns = [
    path("", import_list, name="import_list"),
    path("new/", import_new, name="import_new"),
    path("<int:pk>/", import_detail, name="import_detail"),
    path("<int:pk>/mapping/", import_mapping, name="import_mapping"),
    path("<int:pk>/commit/", import_commit, name="import_commit"),
    path("<int:pk>/progress/", import_progress, name="import_progress"),
]
