"""The hotline chart is drawn once per distinct content and language, not on every request."""

from datetime import date

from django.utils import translation

from plakats.outreach import charts
from plakats.outreach.queries import HotlineReport, WeekRow


def _report(counts: list[int]) -> HotlineReport:
    return HotlineReport(
        start=date(2026, 9, 7),
        end=date(2026, 9, 13),
        total=sum(counts),
        sources=["poster", "not said"],
        weeks=[WeekRow(start=date(2026, 9, 7), counts=counts)],
        waves=[(date(2026, 9, 8), "Schools, September")],
        by_code=[],
        by_kind=[],
        by_region=[],
        topic_labels=[],
        topic_months=[],
        source_totals=[],
    )


def test_it_draws_the_same_figures_once(monkeypatch):
    charts._weekly_svg_cached.cache_clear()
    drawn = []
    real = charts._figure
    monkeypatch.setattr(charts, "_figure", lambda report: drawn.append(report) or real(report))

    first = charts.weekly_svg(_report([3, 1]))
    again = charts.weekly_svg(_report([3, 1]))
    changed = charts.weekly_svg(_report([4, 1]))
    with translation.override("lv"):
        latvian = charts.weekly_svg(_report([3, 1]))

    assert len(drawn) == 3
    assert first == again
    assert changed != first
    assert "<svg" in latvian and latvian != first
