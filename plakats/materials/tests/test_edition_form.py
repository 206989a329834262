"""Creating and editing editions: supersedes only within the material, never itself, no loops."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials.models import Edition

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "language": "lv",
        "version": "2015-1",
        "hotline_numbers": "80002012, +371 28612120",
        "urls": "https://example.org/help\nhttps://draugiem.lv/example",
        "print_run": "600",
        "valid_from": "2015-01-01",
        "valid_until": "",
    }
    data.update(overrides)
    return data


def test_it_adds_an_edition_that_supersedes_an_older_one(client_for):
    material = factory.make_material()
    old = factory.make_edition(material=material, version="2014-1")

    response = client_for("coordinator").post(
        reverse("materials:edition_create", args=[material.pk]), _form(supersedes=old.pk)
    )

    assert response.status_code == 302
    new = Edition.objects.get(version="2015-1")
    assert response["Location"] == new.get_absolute_url()
    assert (new.material, new.supersedes) == (material, old)
    assert new.hotline_number_list == ["80002012", "+371 28612120"]
    assert new.history.get().history_user.username == "carol"


def test_it_refuses_an_edition_of_another_material(client_for):
    material = factory.make_material()
    stranger = factory.make_edition()

    response = client_for("coordinator").post(
        reverse("materials:edition_create", args=[material.pk]), _form(supersedes=stranger.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["supersedes"] == [
        "Choose another edition of the same material (not this one)."
    ]
    assert not material.editions.exists()


def test_it_refuses_an_edition_superseding_itself(client_for):
    edition = factory.make_edition(version="2015-1")

    response = client_for("coordinator").post(
        reverse("materials:edition_edit", args=[edition.pk]), _form(supersedes=edition.pk)
    )

    assert response.status_code == 200
    assert "supersedes" in response.context["form"].errors
    edition.refresh_from_db()
    assert edition.supersedes is None


def test_it_refuses_a_loop_of_replacements(client_for):
    material = factory.make_material()
    first = factory.make_edition(material=material, version="2014-1")
    second = factory.make_edition(material=material, version="2015-1", supersedes=first)

    response = client_for("coordinator").post(
        reverse("materials:edition_edit", args=[first.pk]),
        _form(version="2014-1", supersedes=second.pk),
    )

    assert response.status_code == 200
    assert "already replaces this edition" in response.context["form"].errors["supersedes"][0]
    first.refresh_from_db()
    assert first.supersedes is None


def test_it_offers_only_the_same_materials_other_editions(client_for):
    material = factory.make_material()
    edition = factory.make_edition(material=material)
    sibling = factory.make_edition(material=material)
    factory.make_edition()

    response = client_for("coordinator").get(reverse("materials:edition_edit", args=[edition.pk]))

    assert list(response.context["form"].fields["supersedes"].queryset) == [sibling]


def test_it_refuses_a_duplicate_language_and_version(client_for):
    material = factory.make_material()
    factory.make_edition(material=material, language="lv", version="2015-1")

    response = client_for("coordinator").post(
        reverse("materials:edition_create", args=[material.pk]), _form()
    )

    assert response.status_code == 200
    assert response.context["form"].errors["version"] == [
        "This material already has an edition with this language and version."
    ]
    assert material.editions.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("hotline_numbers", "call 8000"), ("valid_until", "2014-12-31"), ("language", "de")],
)
def test_it_shows_bad_input_as_form_errors(client_for, field, value):
    material = factory.make_material()

    response = client_for("coordinator").post(
        reverse("materials:edition_create", args=[material.pk]), _form(**{field: value})
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not material.editions.exists()
