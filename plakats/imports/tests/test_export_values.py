"""Export rows read from the cursor equal what ``.values()`` gives, column for column."""

from datetime import UTC, datetime

import pytest
from django.db.models import Count

from plakats.core.tests import factory
from plakats.distribution.models import Campaign, Dispatch, Placement
from plakats.imports.export_lists import EXPORTS, ordered, read_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements():
    dispatch = factory.make_dispatch()
    made = [factory.make_placement(dispatch=dispatch) for _ in range(3)]
    evidence_at = datetime(2014, 9, 3, 21, 30, tzinfo=UTC)
    Placement.objects.filter(pk=made[0].pk).update(evidence_at=evidence_at)
    return made


@pytest.mark.parametrize("what", ["placements", "campaigns", "dispatches", "venues"])
def test_it_gives_the_same_rows_as_values(placements, what):
    export = EXPORTS[what]
    queryset = ordered(export.queryset(), export.sorts, export.default_sort, "")
    expected = list(queryset.values(*export.values()))
    rows = list(read_values(queryset, export.values()))
    assert rows == expected
    assert [list(row) for row in rows] == [list(row) for row in expected]


def test_it_names_annotations_by_their_own_column():
    # The placement count is selected after the fields, whatever its place in the keys.
    dispatch = factory.make_dispatch(name="Wave 1")
    factory.make_placement(dispatch=dispatch)
    factory.make_placement(dispatch=dispatch)
    rows = list(
        read_values(
            Dispatch.objects.annotate(placement_count=Count("placements")),
            ["id", "placement_count", "name", "created_at"],
        )
    )
    assert [(row["name"], row["placement_count"]) for row in rows] == [("Wave 1", 2)]
    assert rows[0]["created_at"].tzinfo is not None


def test_it_reads_aware_date_times_and_empty_values(placements):
    rows = list(
        read_values(Placement.objects.order_by("pk"), ["id", "evidence_at", "dispatch__name"])
    )
    assert [row["evidence_at"] for row in rows] == [
        datetime(2014, 9, 3, 21, 30, tzinfo=UTC),
        None,
        None,
    ]


def test_it_reads_nothing_for_an_empty_query():
    assert list(read_values(Campaign.objects.none(), ["id", "name"])) == []
