"""The timeline leaves out steps that were undone, and the undo events themselves."""

from datetime import UTC, date, datetime

import pytest

from plakats.distribution.models import PlacementEvent
from plakats.reports import queries
from plakats.reports.queries import Scope

from . import dataset


@pytest.fixture
def data(db):
    return dataset.build()


def _event(placement, axis, old, new, at, undoes=None):
    return PlacementEvent.objects.create(
        placement=placement,
        axis=axis,
        old_value=old,
        new_value=new,
        source="staff",
        occurred_at=at,
        undoes=undoes,
    )


def test_it_leaves_out_undone_steps_and_their_undoing(data):
    p = data["placements"]
    monday = datetime(2014, 9, 1, 9, 0, tzinfo=UTC)
    _event(p["P1"], "delivery", "planned", "sent", monday)
    mistaken = _event(p["P2"], "delivery", "sent", "delivered", monday)
    _event(p["P3"], "delivery", "planned", "sent", monday)
    # P2's delivery is undone on Wednesday: back to "sent", which must not count as sent.
    _event(
        p["P2"], "delivery", "delivered", "sent", datetime(2014, 9, 3, 9, 0, tzinfo=UTC), mistaken
    )

    weeks = queries.timeline(Scope(data["campaign"]))

    # Sent: P1 and P3; delivered: none (P2's was undone); the undo itself is no step.
    assert [(w.start, w.sent, w.delivered, w.displayed) for w in weeks] == [
        (date(2014, 9, 1), 2, 0, 0)
    ]
