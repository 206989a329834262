"""The steps of one venue import run: start (is the file readable?), analyse (the preview), commit.

The web pages, the background tasks and the command call these; each step
records on the ``ImportRun`` what it found, so a page can show it and poll the
progress of a step running in the background. A file is read again from the
run at every step: nothing of it lives in a session or in memory between
requests, so any app server or worker can take the next step.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .mapping import Layout, check_mapping, layout_of, remember_mapping
from .models import ImportKind, ImportRun, ImportStatus, file_sha256
from .reading import ImportFileError, read_bytes
from .venue_import import (
    ImportResult,
    VenueOptions,
    VenuePlan,
    analyse_venues,
    commit_venues,
)

# Files with fewer rows are checked and imported during the request; larger ones in the background.
INLINE_ROWS = 2000
INLINE_ODS_BYTES = 256 * 1024
HEAD_ROWS = 60
SAMPLES = 3


def start_venue_run(
    *,
    data: bytes,
    file_name: str,
    user=None,
    source: str = "",
    default_kind: str = "",
    sheet: str = "",
) -> ImportRun:
    """Check that the file can be read and keep it on a new run; raise ImportFileError if not."""
    head = read_bytes(data, sheet=sheet, limit=HEAD_ROWS)
    layout = layout_of(head, ImportKind.VENUES, source=source)
    return ImportRun.objects.create(
        kind=ImportKind.VENUES,
        created_by=user if user is not None and user.is_authenticated else None,
        source=source,
        file_name=file_name[:255],
        sha256=file_sha256(data),
        size=len(data),
        content=data,
        sheet=head.name,
        default_kind=default_kind,
        mapping=layout.mapping,
        rows_total=_estimate(head, len(data)),
    )


def _estimate(head, size: int) -> int:
    if head.estimated_rows:
        return head.estimated_rows
    if head.format == "ods" and size > INLINE_ODS_BYTES:
        return INLINE_ROWS
    return len(head.rows)


def runs_inline(run: ImportRun) -> bool:
    return run.rows_total < INLINE_ROWS


def load_layout(run: ImportRun) -> Layout:
    sheet = read_bytes(bytes(run.content), sheet=run.sheet)
    return layout_of(sheet, run.kind, source=run.source, mapping=run.mapping or None)


def options_of(run: ImportRun) -> VenueOptions:
    return VenueOptions(source=run.source, default_kind=run.default_kind, file_name=run.file_name)


def _progress(run: ImportRun):
    def report(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    return report


def _begin(run: ImportRun, status: str) -> None:
    run.status = status
    run.started_at = timezone.now()
    run.finished_at = None
    run.rows_done = 0
    run.error_text = ""
    run.save(update_fields=["status", "started_at", "finished_at", "rows_done", "error_text"])


def fail(run: ImportRun, message: str) -> None:
    run.status = ImportStatus.FAILED
    run.error_text = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error_text", "finished_at"])


def _checked_plan(run: ImportRun) -> tuple[Layout, VenuePlan | None, list[str]]:
    layout = load_layout(run)
    run.rows_total = len(layout.rows)
    run.save(update_fields=["rows_total"])
    problems = check_mapping(run.kind, layout.mapping, default_kind=run.default_kind)
    if problems:
        return layout, None, problems
    return layout, analyse_venues(layout, options_of(run), progress=_progress(run)), []


def analyse_run(run: ImportRun) -> VenuePlan | None:
    """Read the whole file, check every row, and keep the preview on the run; write no venue."""
    _begin(run, ImportStatus.ANALYSING)
    try:
        layout, plan, problems = _checked_plan(run)
    except ImportFileError as exc:
        fail(run, exc.message)
        return None
    preview = _layout_preview(run, layout) | {"mapping_problems": problems}
    if plan is not None:
        preview |= plan.summary()
    run.mapping = layout.mapping
    run.preview = preview
    run.status = ImportStatus.PREVIEWED
    run.rows_done = run.rows_total
    run.errors = preview.get("counts", {}).get("error", 0)
    run.finished_at = timezone.now()
    run.save(update_fields=["mapping", "preview", "status", "rows_done", "errors", "finished_at"])
    return plan


def _layout_preview(run: ImportRun, layout: Layout) -> dict:
    earlier = (
        ImportRun.objects.filter(sha256=run.sha256, status=ImportStatus.COMMITTED)
        .exclude(pk=run.pk)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "header_row": layout.header_row,
        "headers": [layout.column_label(i) for i in range(len(layout.headers))],
        # No samples of personal data: the preview outlives the file.
        "samples": [
            [] if i in layout.personal else layout.samples(i, SAMPLES)
            for i in range(len(layout.headers))
        ],
        "personal": layout.personal,
        "remembered": layout.remembered,
        "imported_before": earlier.isoformat() if earlier else "",
    }


def commit_run(run: ImportRun, *, user=None) -> ImportResult | None:
    """Check the file again against today's register and write it in one transaction.

    On success the file's content is dropped from the run (a register may hold
    personal data) and the mapping is remembered for the next file of this layout.
    """
    _begin(run, ImportStatus.COMMITTING)
    try:
        layout, plan, problems = _checked_plan(run)
        if plan is None:
            raise ImportFileError(" ".join(problems))
        result = commit_venues(
            plan,
            user=user,
            decisions=run.decisions,
            default_choice=run.decisions.get("default", ""),
            skip_errors=run.skip_errors,
        )
    except ImportFileError as exc:
        fail(run, exc.message)
        return None
    remember_mapping(run.kind, run.source, layout.headers, layout.mapping, user)
    run.status = ImportStatus.COMMITTED
    run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
    run.skipped, run.errors = result.skipped, result.errors
    run.rows_done = run.rows_total
    run.finished_at = timezone.now()
    run.content = b""
    run.preview = {key: value for key, value in run.preview.items() if key != "samples"}
    run.save()
    return result


def describe(result: ImportResult) -> str:
    return _(
        "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped."
    ) % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
    }
