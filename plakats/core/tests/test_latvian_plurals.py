"""Latvian plural forms of durations are right (Django's own catalogue has them wrong)."""

from datetime import datetime, timedelta

import pytest
from django.utils import translation
from django.utils.timesince import timesince

NOW = datetime(2026, 11, 29, 12, 0)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(minutes=1), "1 minūte"),
        (timedelta(minutes=5), "5 minūtes"),
        (timedelta(minutes=11), "11 minūtes"),
        (timedelta(minutes=21), "21 minūte"),
        (timedelta(hours=1), "1 stunda"),
        (timedelta(hours=3), "3 stundas"),
        (timedelta(days=1), "1 diena"),
        (timedelta(days=5), "5 dienas"),
        (timedelta(weeks=1), "1 nedēļa"),
        (timedelta(weeks=2), "2 nedēļas"),
        (timedelta(days=31), "1 mēnesis"),
        (timedelta(days=400), "1 gads"),
    ],
)
def test_it_uses_the_right_latvian_plural(delta, expected):
    with translation.override("lv"):
        assert timesince(NOW - delta, NOW, depth=1).replace("\xa0", " ") == expected
