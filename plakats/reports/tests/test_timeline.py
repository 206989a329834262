"""The weekly timeline: Monday-to-Sunday buckets in Europe/Riga, counted in the database."""

from datetime import UTC, date, datetime

import pytest

from plakats.distribution.models import PlacementEvent
from plakats.reports import charts, queries
from plakats.reports.queries import Scope

from . import dataset


@pytest.fixture
def data(db):
    return dataset.build()


def _event(placement, axis, new, at):
    return PlacementEvent.objects.create(
        placement=placement, axis=axis, old_value="", new_value=new, source="staff", occurred_at=at
    )


def test_it_buckets_weeks_at_riga_midnight(data):
    p = data["placements"]
    # 2014-09-07 is a Sunday. 21:30 UTC is 00:30 Monday in Riga (UTC+3, summer time)...
    # so use the Riga evening: Sunday 23:30 Riga = 20:30 UTC belongs to the week of 1 Sep.
    _event(p["P1"], "delivery", "sent", datetime(2014, 9, 1, 6, 0, tzinfo=UTC))
    _event(p["P1"], "delivery", "delivered", datetime(2014, 9, 7, 20, 30, tzinfo=UTC))
    # Monday 00:30 Riga = Sunday 21:30 UTC belongs to the week of 8 Sep.
    _event(p["P2"], "delivery", "sent", datetime(2014, 9, 7, 21, 30, tzinfo=UTC))
    _event(p["P3"], "display", "displayed", datetime(2014, 9, 10, 12, 0, tzinfo=UTC))
    # P4's evidence is old: its "displayed" counts only without verification.
    _event(p["P4"], "display", "displayed", datetime(2014, 9, 10, 12, 0, tzinfo=UTC))
    # Kurzeme: outside the Latgale filter; two weeks later, leaving a zero week between.
    _event(p["P6"], "delivery", "delivered", datetime(2014, 9, 23, 9, 0, tzinfo=UTC))

    weeks = queries.timeline(Scope(data["campaign"]))
    assert [(w.start, w.sent, w.delivered, w.displayed) for w in weeks] == [
        (date(2014, 9, 1), 1, 1, 0),
        (date(2014, 9, 8), 1, 0, 1),
        (date(2014, 9, 15), 0, 0, 0),
        (date(2014, 9, 22), 0, 1, 0),
    ]
    latgale = queries.timeline(Scope(data["campaign"], region=data["latgale"]))
    assert [(w.start, w.sent, w.delivered, w.displayed) for w in latgale] == [
        (date(2014, 9, 1), 1, 1, 0),
        (date(2014, 9, 8), 1, 0, 1),
    ]
    unverified = queries.timeline(Scope(data["campaign"], region=data["latgale"], verified=False))
    assert unverified[1].displayed == 2


def test_it_buckets_winter_weeks_at_riga_midnight(data):
    p = data["placements"]
    # Winter time (UTC+2): Sunday 23:30 Riga = 21:30 UTC, Monday 00:30 Riga = 22:30 UTC.
    _event(p["P1"], "delivery", "sent", datetime(2014, 11, 30, 21, 30, tzinfo=UTC))
    _event(p["P2"], "delivery", "sent", datetime(2014, 11, 30, 22, 30, tzinfo=UTC))
    weeks = queries.timeline(Scope(data["campaign"]))
    assert [(w.start, w.sent) for w in weeks] == [(date(2014, 11, 24), 1), (date(2014, 12, 1), 1)]


def test_it_keeps_to_the_period_and_fills_it(data):
    p = data["placements"]
    _event(p["P1"], "delivery", "sent", datetime(2014, 8, 20, 12, 0, tzinfo=UTC))
    _event(p["P2"], "delivery", "sent", datetime(2014, 9, 3, 12, 0, tzinfo=UTC))
    scope = Scope(data["campaign"], start=date(2014, 9, 1), end=date(2014, 9, 21))
    weeks = queries.timeline(scope)
    assert [(w.start, w.sent) for w in weeks] == [
        (date(2014, 9, 1), 1),
        (date(2014, 9, 8), 0),
        (date(2014, 9, 15), 0),
    ]


def test_it_draws_the_chart_without_styles_or_scripts(data):
    weeks = [queries.Week(date(2014, 9, 1), 3, 1, 0), queries.Week(date(2014, 9, 8), 0, 2, 1)]
    waves = [queries.Wave(date(2014, 9, 2), "Wave <script>", 3)]
    svg = charts.timeline_svg(weeks, waves)
    assert svg.startswith("<svg ")
    assert "<title>" in svg and 'aria-label="' in svg
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    assert charts.timeline_png(weeks, waves).startswith(b"\x89PNG")
