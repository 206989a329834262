"""Background steps of large imports, run by ``manage.py db_worker``.

The page that started a step only polls the run's progress, so closing it
stops nothing. A step that fails records why on the run; an unexpected
crash is recorded too and re-raised for the worker's log.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_tasks import task

from . import runs
from .models import ImportRun

logger = logging.getLogger(__name__)


def _guarded(run: ImportRun, step) -> None:
    try:
        step()
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        runs.fail(run, _("The import stopped because of an unexpected error; nothing was written."))
        raise


@task()
def analyse_import(run_id: int) -> None:
    run = ImportRun.objects.get(pk=run_id)
    _guarded(run, lambda: runs.analyse_run(run))


@task()
def commit_import(run_id: int, user_id: int | None = None) -> None:
    run = ImportRun.objects.get(pk=run_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    _guarded(run, lambda: runs.commit_run(run, user=user))
