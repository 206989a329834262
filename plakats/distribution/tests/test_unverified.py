"""Placements older than PLAKATS_EVIDENCE_MAX_AGE_DAYS without evidence that recent are
"unverified", exactly at the boundary.

The boundary counts as verified on both sides: a placement made exactly the
configured age ago is not yet unverified, and evidence exactly that old still
counts as fresh (as in ``PlacementQuerySet.fresh_evidence_q``).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display, Evidence
from plakats.distribution.models import Placement

pytestmark = pytest.mark.django_db

AGE = 30


@pytest.fixture(autouse=True)
def _age(settings):
    settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS = AGE


def _placement(now, made_days_ago, evidence_days_ago=None, display=Display.DISPLAYED):
    placement = factory.make_placement(delivery=Delivery.DELIVERED, display=display)
    evidence_at = None if evidence_days_ago is None else now - timedelta(days=evidence_days_ago)
    Placement.objects.filter(pk=placement.pk).update(
        created_at=now - timedelta(days=made_days_ago),
        evidence=Evidence.NONE if evidence_at is None else Evidence.VISIT,
        evidence_at=evidence_at,
    )
    placement.refresh_from_db()
    return placement


def test_it_flags_a_placement_only_once_it_is_older_than_the_age():
    now = timezone.now()
    younger = _placement(now, AGE - 1)
    exactly = _placement(now, AGE)
    older = _placement(now, AGE + 1)

    flagged = set(Placement.objects.unverified(now).values_list("pk", flat=True))

    assert flagged == {older.pk}
    assert [p.is_unverified(now) for p in (younger, exactly, older)] == [False, False, True]


def test_evidence_exactly_the_age_old_still_counts():
    now = timezone.now()
    fresher = _placement(now, 100, evidence_days_ago=AGE - 1)
    exactly = _placement(now, 100, evidence_days_ago=AGE)
    stale = _placement(now, 100, evidence_days_ago=AGE + 1)

    flagged = set(Placement.objects.unverified(now).values_list("pk", flat=True))

    assert flagged == {stale.pk}
    assert [p.is_unverified(now) for p in (fresher, exactly, stale)] == [False, False, True]


def test_only_placements_believed_up_are_flagged():
    now = timezone.now()
    _placement(now, 100, display=Display.REMOVED)
    _placement(now, 100, display=Display.NOT_DISPLAYED)

    assert not Placement.objects.unverified(now).exists()


def test_the_placement_list_filters_and_the_detail_shows_a_badge(client_for):
    now = timezone.now()
    stale = _placement(now, AGE + 1)
    fresh = _placement(now, AGE - 1)
    client = client_for("viewer")

    listed = client.get(reverse("distribution:placement_list") + "?unverified=true")
    others = client.get(reverse("distribution:placement_list") + "?unverified=false")

    assert [p.pk for p in listed.context["object_list"]] == [stale.pk]
    assert [p.pk for p in others.context["object_list"]] == [fresh.pk]
    assert "unverified: no fresh evidence" in client.get(stale.get_absolute_url()).content.decode()
    assert (
        "unverified: no fresh evidence" not in client.get(fresh.get_absolute_url()).content.decode()
    )
