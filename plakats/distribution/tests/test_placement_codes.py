"""Short placement codes never collide, although the code space is small enough to make them.

With 31^6 codes, a dispatch of 20,000 placements draws a duplicate about one
time in five (birthday problem); a collision must mean another draw, not a
failed dispatch. ``new_code`` is replaced here by a fixed sequence with repeats.
"""

from datetime import date

import pytest

from plakats.core.tests import factory
from plakats.distribution.models import Placement, core
from plakats.distribution.services.placements import Line, add_placement, create_dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    """Make ``new_code`` return the given codes in order."""

    def use(*codes):
        sequence = iter(codes)
        monkeypatch.setattr(core, "new_code", lambda: next(sequence))

    return use


def test_it_draws_again_for_codes_already_taken_or_drawn_twice(drawn):
    factory.make_placement(code="AAA-AAA")
    drawn("AAA-AAA", "BBB-BBB", "BBB-BBB", "CCC-CCC")

    assert sorted(core.fresh_codes(2)) == ["BBB-BBB", "CCC-CCC"]


def test_a_dispatch_gets_distinct_codes_when_the_draw_repeats(drawn):
    existing = factory.make_placement(code="AAA-AAA")
    venues = [factory.make_venue() for _ in range(3)]
    drawn("AAA-AAA", "DDD-DDD", "DDD-DDD", "EEE-EEE", "FFF-FFF", "GGG-GGG")

    dispatch = create_dispatch(
        campaign=existing.campaign,
        name="Latgale (demo)",
        channel="post",
        planned_on=date(2026, 11, 2),
        lines=[Line(v.pk, existing.edition_id, 1) for v in venues],
    )

    codes = sorted(dispatch.placements.values_list("code", flat=True))
    assert codes == ["DDD-DDD", "EEE-EEE", "FFF-FFF"]
    assert Placement.objects.filter(code="AAA-AAA").count() == 1


def test_a_single_placement_skips_a_taken_code(drawn):
    existing = factory.make_placement(code="AAA-AAA")
    drawn("AAA-AAA", "HHH-HHH")

    placement = add_placement(
        campaign=existing.campaign,
        venue=factory.make_venue(),
        edition=existing.edition,
        quantity=1,
    )

    assert placement.code == "HHH-HHH"
