"""The bytes sort key behind the SQLite name indexes orders texts as the Latvian collation does.

The expected orders are worked out by hand from the collation's rules
(``plakats.core.collation``): space, then punctuation, digits, letters in the
Latvian alphabet, then other scripts by code point; a shorter text that is the
start of a longer one comes first; long vowels after the plain ones, capitals
after small letters.
"""

import random

import pytest
from django.db import connection

from plakats.core.collation import sort_key
from plakats.core.lists import ordering
from plakats.core.tests import factory
from plakats.venues.models import Venue

from .test_latvian_sorting import EXPECTED, TIES

ODD = [
    "",
    " a",
    "-",
    "\U00100000",  # like punctuation (private use), with a secondary weight above 2**20
    "-a",
    "1",
    "9",
    "a",
    "ā",
    "a b",
    "ab",
    "Ab",
    "z",
    "ž",
    "ω",
    "中",
    "퐀",  # Hangul: 1000 + its code point, just below the surrogate range...
    "퐠",  # ...and inside it, which UTF-8 with surrogatepass keeps in order
    "힣",
]


def shuffled(texts: list[str]) -> list[str]:
    copy = list(texts)
    random.Random(11).shuffle(copy)
    return copy


def test_it_orders_names_by_the_latvian_alphabet():
    assert sorted(shuffled(EXPECTED), key=sort_key) == EXPECTED
    assert sorted(shuffled(TIES), key=sort_key) == TIES


def test_it_orders_spaces_punctuation_digits_and_other_scripts():
    assert sorted(shuffled(ODD), key=sort_key) == ODD
    assert sort_key(None) is None


@pytest.mark.django_db
def test_it_reads_the_venue_list_in_order_from_an_index():
    for name in shuffled(EXPECTED):
        factory.make_venue(name=name)
    query = Venue.objects.order_by(ordering(Venue, "name"), "pk").values_list("name", flat=True)
    assert list(query) == EXPECTED
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql, params = query.all()[5:10].query.sql_with_params()
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "venue_name_lv_idx" in plan
            assert "TEMP B-TREE" not in plan
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'venue_name_lv_idx'")
            assert "COLLATE lv" in cursor.fetchone()[0].replace('"', "")
