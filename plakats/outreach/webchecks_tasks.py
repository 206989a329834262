"""Background work of web placement checks, run by ``manage.py db_worker``."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from plakats.distribution.models import Placement

from .models.webchecks import WebRequirement
from .webchecks import check_placement, due_for_check


@task()
def check_web_placement(placement_id: int) -> str:
    """Check one web placement's page; return the result ("found", ...) or "missing"."""
    placement = Placement.objects.select_related("venue").filter(pk=placement_id).first()
    if placement is None or not WebRequirement.objects.filter(placement=placement).exists():
        return "missing"
    return check_placement(placement).result


def enqueue_due_checks(now=None) -> int:
    """Queue a check for every web placement that is due; return how many were queued.

    The queued time is stored in the same transaction as the queue rows (the
    database task backend), so a second run before the worker catches up queues
    nothing twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(due_for_check(now).order_by("pk").values_list("pk", flat=True))
        WebRequirement.objects.filter(placement_id__in=ids).update(queued_at=now)
        for pk in ids:
            check_web_placement.enqueue(pk)
    return len(ids)
