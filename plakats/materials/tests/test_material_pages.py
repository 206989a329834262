"""The material list (filters, search, sort) and a material's page with its editions."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials.models import Material

pytestmark = pytest.mark.django_db


def _names(response):
    return [m.name for m in response.context["object_list"]]


def test_it_filters_by_kind(client_for):
    factory.make_material(name="A2 poster: Safe work abroad", kind="poster")
    factory.make_material(name="Web banner: Hotline", kind="web_banner")

    response = client_for("viewer").get(reverse("materials:material_list"), {"kind": "poster"})

    assert _names(response) == ["A2 poster: Safe work abroad"]


def test_it_finds_a_material_by_a_hotline_number_of_an_edition_once(client_for):
    poster = factory.make_material(name="A2 poster: Safe work abroad")
    factory.make_edition(material=poster, hotline_numbers="80002012")
    factory.make_edition(material=poster, hotline_numbers="80002012, 28612120")
    factory.make_edition(hotline_numbers="67000000")

    response = client_for("viewer").get(reverse("materials:material_list"), {"q": "80002012"})

    assert _names(response) == ["A2 poster: Safe work abroad"]


def test_it_sorts_by_the_number_of_editions(client_for):
    one = factory.make_material(name="B one")
    three = factory.make_material(name="A three")
    factory.make_material(name="C none")
    factory.make_edition(material=one)
    for _ in range(3):
        factory.make_edition(material=three)

    response = client_for("viewer").get(reverse("materials:material_list"), {"sort": "-editions"})

    assert _names(response) == ["A three", "B one", "C none"]
    assert [m.edition_count for m in response.context["object_list"]] == [3, 1, 0]


def test_it_ignores_an_unknown_sort(client_for):
    factory.make_material(name="B")
    factory.make_material(name="A")

    response = client_for("viewer").get(reverse("materials:material_list"), {"sort": "password"})

    assert response.status_code == 200
    assert _names(response) == ["A", "B"]


def test_it_shows_a_materials_editions_and_what_replaced_what(client_for):
    material = factory.make_material(name="A2 poster: Safe work abroad")
    old = factory.make_edition(
        material=material,
        version="2014-1",
        hotline_numbers="80002012",
        valid_from=date(2014, 1, 1),
    )
    new = factory.make_edition(
        material=material,
        version="2015-1",
        language="ru",
        hotline_numbers="28612120",
        valid_from=date(2015, 1, 1),
        supersedes=old,
    )

    response = client_for("viewer").get(material.get_absolute_url())

    editions = response.context["editions"]
    assert editions == [new, old]
    assert [e.status[0] for e in editions] == ["current", "superseded"]
    page = response.content.decode()
    assert "28612120" in page
    assert "80002012" in page
    assert "Russian" in page
    assert "superseded" in page


def test_it_adds_and_edits_a_material(client_for):
    client = client_for("coordinator")

    response = client.post(
        reverse("materials:material_create"),
        {"name": "A2 poster: Safe work abroad", "kind": "poster", "size": "A2"},
    )
    material = Material.objects.get()
    assert response["Location"] == material.get_absolute_url()

    client.post(
        reverse("materials:material_edit", args=[material.pk]),
        {"name": "A2 poster: Safe work abroad", "kind": "poster", "size": "A1"},
    )
    response = client.get(material.get_absolute_url())
    assert [c["new"] for e in response.context["history"] for c in e.changes] == ["A1"]


def test_it_refuses_a_duplicate_material_name(client_for):
    factory.make_material(name="A2 poster: Safe work abroad")

    response = client_for("coordinator").post(
        reverse("materials:material_create"),
        {"name": "A2 poster: Safe work abroad", "kind": "poster"},
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Material.objects.count() == 1


def test_it_answers_an_htmx_filter_with_the_table_only(client_for):
    factory.make_material(name="A2 poster: Safe work abroad")

    response = client_for("viewer").get(reverse("materials:material_list"), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="list-results">')
    assert "A2 poster: Safe work abroad" in page
