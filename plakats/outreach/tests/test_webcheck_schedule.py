"""Which web placements are due, the queue the command fills, and ``--now``."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery
from plakats.outreach import webchecks
from plakats.outreach.models.webchecks import WebCheck, WebCheckResult, WebRequirement
from plakats.outreach.webchecks_tasks import check_web_placement

from .webcheck_server import page, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_web(settings):
    """The local server, with private addresses allowed (it listens on 127.0.0.1)."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = True
    with serve() as server:
        yield server


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sites(local_web, settings):
    """Five online placements: fresh, stale, never checked, returned, and one at a school."""
    settings.PLAKATS_WEB_CHECK_EVERY_HOURS = 24
    local_web.routes["/page"] = page("<p>28612120</p>")
    now = timezone.now()

    def web_placement(name, **kwargs):
        venue = factory.make_venue(kind="website", name=name, url=local_web.url("/page"))
        placement = factory.make_placement(venue=venue, **kwargs)
        WebRequirement.objects.create(placement=placement, phone="28612120")
        return placement

    fresh = web_placement("Fresh")
    WebCheck.objects.create(
        placement=fresh, checked_at=now - timedelta(hours=2), result=WebCheckResult.FOUND
    )
    stale = web_placement("Stale")
    WebCheck.objects.create(
        placement=stale, checked_at=now - timedelta(hours=30), result=WebCheckResult.FOUND
    )
    never = web_placement("Never")
    web_placement("Returned", delivery=Delivery.RETURNED)
    school = factory.make_placement()
    WebRequirement.objects.create(placement=school, phone="28612120")
    return {"stale": stale, "never": never}


def test_it_finds_the_due_placements(sites):
    due = set(webchecks.due_for_check().values_list("venue__name", flat=True))
    assert due == {"Stale", "Never"}


def test_it_queues_each_due_check_once(sites):
    out = io.StringIO()
    call_command("check_web_placements", stdout=out)
    assert out.getvalue().strip() == "2 web check(s) queued."
    queued = DBTaskResult.objects.all()
    assert sorted(r.args_kwargs["args"][0] for r in queued) == sorted(
        [sites["stale"].pk, sites["never"].pk]
    )
    call_command("check_web_placements", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == 2
    assert not WebCheck.objects.filter(placement=sites["never"]).exists()


def test_it_checks_the_due_placements_now(sites):
    out = io.StringIO()
    call_command("check_web_placements", "--now", stdout=out)
    assert out.getvalue().strip() == "Web checks done: 2 found."
    assert WebCheck.objects.filter(placement=sites["never"]).get().result == WebCheckResult.FOUND
    assert WebCheck.objects.count() == 4  # the two made up above and the two new ones
    assert not webchecks.due_for_check().exists()


def test_it_runs_the_task(sites, settings):
    settings.TASKS = IMMEDIATE
    result = check_web_placement.enqueue(sites["never"].pk)
    assert result.return_value == "found"
    assert check_web_placement.enqueue(999_999).return_value == "missing"
