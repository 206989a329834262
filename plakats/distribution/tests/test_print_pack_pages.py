"""The print pack pages: options, download for every role, the label test print."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "regional", "viewer"]


def _text(response) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def dispatch():
    dispatch = factory.make_dispatch(name="Skolas Latgalē")
    for name in ("Rēzeknes 1. vidusskola", "Ludzas 2. vidusskola"):
        venue = factory.make_venue(
            name=name,
            address="Atbrīvošanas aleja 93",
            postal_code="LV-4601",
            municipality=factory.municipality("Rīga"),
        )
        factory.make_placement(dispatch=dispatch, venue=venue)
    return dispatch


def _url(dispatch, query=""):
    return reverse("distribution:print_pack", args=[dispatch.pk]) + query


def test_it_sends_anonymous_users_to_login(client, dispatch):
    for url in (
        _url(dispatch, "?layout=3x8&labels=1&letters=1"),
        reverse("distribution:label_test_print", args=["3x8"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_every_role_download_the_pack(client_for, dispatch, role):
    response = client_for(role).get(_url(dispatch, "?layout=3x7&labels=1&letters=1"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "3x7" in response["Content-Disposition"]
    pages = _text(response)
    assert len(pages) == 3  # one label sheet, two letters
    assert "Rēzeknes 1. vidusskola" in pages[0]


def test_it_refuses_a_user_without_a_role(client_for, dispatch):
    assert client_for("none").get(_url(dispatch, "?layout=3x8&labels=1")).status_code == 403


def test_it_leaves_out_what_is_not_asked_for(client_for, dispatch):
    client = client_for("viewer")

    labels_only = _text(client.get(_url(dispatch, "?layout=3x8&labels=1&letters=0")))
    letters_only = _text(client.get(_url(dispatch, "?layout=3x8&letters=1")))

    assert len(labels_only) == 1
    assert len(letters_only) == 2
    assert all("Labdien!" in page for page in letters_only)


def test_it_shows_the_options_with_the_test_prints(client_for, dispatch):
    response = client_for("viewer").get(_url(dispatch))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert reverse("distribution:label_test_print", args=["3x8"]) in text
    assert reverse("distribution:label_test_print", args=["3x7"]) in text
    assert 'name="layout"' in text


def test_it_turns_bad_options_into_form_errors(client_for, dispatch):
    client = client_for("coordinator")

    nothing = client.get(_url(dispatch, "?layout=3x8&labels=0&letters=0"))
    bad_layout = client.get(_url(dispatch, "?layout=4x9&labels=1"))

    assert nothing["Content-Type"].startswith("text/html")
    assert "Choose labels, letters or both." in nothing.content.decode()
    assert bad_layout["Content-Type"].startswith("text/html")
    assert bad_layout.context["form"].errors["layout"]


def test_it_says_so_when_the_dispatch_has_nothing_to_print(client_for):
    empty = factory.make_dispatch()

    response = client_for("coordinator").get(_url(empty, "?layout=3x8&labels=1&letters=1"))

    assert response["Content-Type"].startswith("text/html")
    assert "This dispatch has no placements to print." in response.content.decode()


def test_it_builds_the_pack_in_a_fixed_number_of_queries(client_for, dispatch):
    client = client_for("viewer")
    url = _url(dispatch, "?layout=3x8&labels=1&letters=1")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    edition = factory.make_edition()
    for i in range(28):
        factory.make_placement(
            dispatch=dispatch,
            edition=edition,
            venue=factory.make_venue(
                address=f"Skolas iela {i}", language=["lv", "ru", "en"][i % 3]
            ),
        )
    assert count() == small


@pytest.mark.parametrize(("layout", "labels"), [("3x8", 24), ("3x7", 21)])
def test_it_prints_a_test_grid_with_every_label_numbered(client_for, layout, labels):
    response = client_for("viewer").get(reverse("distribution:label_test_print", args=[layout]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (page,) = _text(response)
    assert "row 1, column 1" in page
    assert f"row {labels // 3}, column 3" in page
    assert f"row {labels // 3 + 1}," not in page
    assert page.count("from the top left") == labels
    # The first label of the 3×8 sheet starts 0.5 mm from the top (297 - 8 × 37 = 1 mm, halved).
    if layout == "3x8":
        assert "from the top left: 0 mm, 0.5 mm" in page
        assert "from the top left: 140 mm, 259.5 mm" in page


def test_it_answers_an_unknown_test_layout_with_404(client_for):
    response = client_for("viewer").get(reverse("distribution:label_test_print", args=["5x5"]))
    assert response.status_code == 404


def test_it_links_the_print_pack_from_the_dispatch(client_for, dispatch):
    response = client_for("viewer").get(dispatch.get_absolute_url())
    assert _url(dispatch) in response.content.decode()
