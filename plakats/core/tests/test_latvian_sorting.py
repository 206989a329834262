"""Names sort the Latvian way and search ignores diacritics, on SQLite and on PostgreSQL.

The expected order is written out by hand from the Latvian alphabet (a ā b c č
d e ē f g ģ h i ī j k ķ l ļ m n ņ o p r s š t u ū v z ž): Č after C, Ģ/Ķ/Ļ/Ņ
after G/K/L/N, Š after S, Ž after Z, while Ā, Ē, Ī, Ū sort with their base
letter (so "Īle" comes before "Ivars": l before v) and a word with the long
vowel comes right after the same word without it.
"""

import random

import pytest
from django.urls import reverse

from plakats.core.collation import fold, latvian, latvian_key
from plakats.core.tests import factory
from plakats.venues.models import Venue

EXPECTED = [
    "Ābele",
    "Apinis",
    "Avots",
    "Cēsis",
    "Cukurs",
    "Čakste",
    "Egle",
    "Ērglis",
    "Gulbis",
    "Ģipsis",
    "Īle",
    "Ivars",
    "Jānis",
    "Kalns",
    "Ķirsis",
    "Lācis",
    "Ļaudis",
    "Nīca",
    "Ņuja",
    "Sala",
    "Šķēle",
    "Tukums",
    "Ūdris",
    "Urga",
    "Zariņš",
    "Žagars",
]
# Same letters, long vowel second; lower case before capital.
TIES = ["abols", "Abols", "ābols"]


def shuffled(names: list[str]) -> list[str]:
    copy = list(names)
    random.Random(7).shuffle(copy)
    return copy


def test_it_has_a_python_key_in_the_same_order():
    assert sorted(shuffled(EXPECTED), key=latvian_key) == EXPECTED
    assert sorted(shuffled(TIES), key=latvian_key) == TIES
    numbered = ["1. vidusskola", "2. vidusskola", "9. vidusskola", "Skola 0", "Skola 1", "Skola 2"]
    assert sorted(shuffled(numbered), key=latvian_key) == numbered


@pytest.mark.django_db
def test_it_sorts_names_in_the_database_the_latvian_way():
    for name in shuffled(EXPECTED + TIES):
        factory.make_venue(name=name)
    names = list(Venue.objects.order_by(latvian("name")).values_list("name", flat=True))
    assert names == ["Ābele", *TIES, *EXPECTED[1:]]


@pytest.mark.django_db
def test_it_sorts_the_venue_list_the_latvian_way(client_for):
    for name in shuffled(["Čakste", "Cukurs", "Žagars", "Zariņš", "Šķēle", "Sala"]):
        factory.make_venue(name=f"{name} (demo)")
    page = client_for("viewer").get(reverse("venues:venue_list") + "?sort=name")
    text = page.content.decode()
    order = ["Cukurs", "Čakste", "Sala", "Šķēle", "Zariņš", "Žagars"]
    positions = [text.index(f"{name} (demo)") for name in order]
    assert positions == sorted(positions)
    descending = client_for("viewer").get(reverse("venues:venue_list") + "?sort=-name")
    text = descending.content.decode()
    positions = [text.index(f"{name} (demo)") for name in reversed(order)]
    assert positions == sorted(positions)


def test_it_folds_case_and_diacritics():
    assert fold("CĒSU novads") == "cesu novads"
    assert fold("Ķekava, Šķēle, Žūžas") == "kekava, skele, zuzas"


@pytest.mark.django_db
def test_it_finds_names_in_the_database_without_diacritics():
    factory.make_venue(name="Cēsu Valsts ģimnāzija (demo)")
    factory.make_venue(name="Cesvaines skola (demo)")
    factory.make_venue(name="Rīgas skola (demo)")
    found = Venue.objects.filter(name__fold__contains=fold("cesu"))
    assert list(found.values_list("name", flat=True)) == ["Cēsu Valsts ģimnāzija (demo)"]
    found = Venue.objects.filter(name__fold__contains=fold("GIMNAZIJA"))
    assert found.count() == 1


@pytest.mark.django_db
def test_the_venue_search_ignores_case_and_diacritics(client_for):
    factory.make_venue(name="Cēsu Valsts ģimnāzija (demo)")
    factory.make_venue(name="Cesvaines skola (demo)")
    factory.make_venue(name="Skola 100% (demo)")
    client = client_for("viewer")

    found = client.get(reverse("venues:venue_list") + "?q=cesu")
    names = [v.name for v in found.context["object_list"]]
    assert names == ["Cēsu Valsts ģimnāzija (demo)"]

    found = client.get(reverse("venues:venue_list") + "?q=ĢIMNĀZIJA")
    assert [v.name for v in found.context["object_list"]] == ["Cēsu Valsts ģimnāzija (demo)"]

    # A % or _ typed in the search is a character, not a wildcard.
    found = client.get(reverse("venues:venue_list") + "?q=0%25")
    assert [v.name for v in found.context["object_list"]] == ["Skola 100% (demo)"]
    found = client.get(reverse("venues:venue_list") + "?q=_")
    assert list(found.context["object_list"]) == []
