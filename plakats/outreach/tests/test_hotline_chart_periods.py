"""A long period is drawn by month or by year: thousands of weekly bars would take seconds."""

from datetime import date, timedelta

from plakats.outreach import charts
from plakats.outreach.queries import WeekRow


def _weeks(first_monday: date, count: int) -> list[WeekRow]:
    # One contact from the first source and two from the second every week.
    return [WeekRow(start=first_monday + timedelta(weeks=i), counts=[1, 2]) for i in range(count)]


def test_it_keeps_weeks_up_to_two_years():
    bars, period = charts._bars(_weeks(date(2024, 1, 1), 104))
    assert period == "week"
    assert len(bars) == 104
    assert bars[0] == charts._Bar(date(2024, 1, 1), (1, 2))


def test_it_sums_weeks_by_the_month_of_their_monday():
    # 2024-01-01 is a Monday; 105 weeks run to the week of 2025-12-29.
    bars, period = charts._bars(_weeks(date(2024, 1, 1), 105))
    assert period == "month"
    assert len(bars) == 24
    # January 2024 has five Mondays (1, 8, 15, 22, 29), February 2024 four.
    assert bars[0] == charts._Bar(date(2024, 1, 1), (5, 10))
    assert bars[1] == charts._Bar(date(2024, 2, 1), (4, 8))
    assert sum(bar.counts[1] for bar in bars) == 2 * 105


def test_it_sums_by_year_when_months_are_too_many():
    # 2013-01-07 is a Monday; 700 weeks reach into 2026: 14 years.
    bars, period = charts._bars(_weeks(date(2013, 1, 7), 700))
    assert period == "year"
    assert [bar.start.year for bar in bars] == list(range(2013, 2027))
    assert bars[0].counts == (52, 104)
    assert sum(bar.counts[0] for bar in bars) == 700
