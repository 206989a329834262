"""Cover letter templates: the seeded letters, editing with a preview, refused placeholders."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plakats.distribution.models import LetterTemplate
from plakats.distribution.models.printing import PLACEHOLDERS, fill, placeholder_problems

pytestmark = pytest.mark.django_db


def _form_data(letter, **changes):
    data = {"language": letter.language, "title": letter.title, "body": letter.body}
    data.update(changes)
    return data


def test_it_seeds_a_letter_in_latvian_english_and_russian():
    letters = {letter.language: letter for letter in LetterTemplate.objects.all()}

    assert set(letters) == {"lv", "en", "ru"}
    for letter in letters.values():
        assert placeholder_problems(letter.body) == []
        for name in ("venue", "materials", "link", "code", "organisation"):
            assert f"{{{name}}}" in letter.body, (letter.language, name)
    assert "izvietot plakātu labi redzamā vietā" in letters["lv"].body
    assert "разместить плакат на видном месте" in letters["ru"].body
    assert "demo" not in " ".join(letter.body.lower() for letter in letters.values())


def test_it_names_unknown_placeholders_and_unmatched_braces():
    assert placeholder_problems("Dear {venue}, {{not a placeholder}}") == []
    problems = placeholder_problems("Dear {foo} at {venue} and {bar} and {foo}")
    assert len(problems) == 1
    assert "{foo}, {bar}" in problems[0]
    assert "{venue}" in problems[0]  # the list of allowed names
    assert "not matched" in placeholder_problems("Dear {venue")[0]


def test_it_fills_placeholders_and_keeps_literal_braces():
    values = dict.fromkeys(PLACEHOLDERS, "x") | {"venue": "Rēzeknes 1. vidusskola"}

    assert fill("{venue}: {{code}} {unknown}", values) == "Rēzeknes 1. vidusskola: {code} {unknown}"


def test_it_refuses_an_unknown_placeholder_on_the_edit_form(client_for):
    letter = LetterTemplate.objects.get(language="lv")
    body = letter.body
    url = reverse("distribution:letter_edit", args=[letter.pk])

    response = client_for("coordinator").post(
        url, _form_data(letter, body=body + "\n\nJūsu {foo}.")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["body"]
    assert any("{foo}" in error for error in errors)
    assert "Unknown placeholder {foo}" in response.content.decode()
    letter.refresh_from_db()
    assert letter.body == body


def test_it_saves_a_letter_and_keeps_its_history(client_for):
    letter = LetterTemplate.objects.get(language="en")
    url = reverse("distribution:letter_edit", args=[letter.pk])

    response = client_for("coordinator").post(
        url, _form_data(letter, title="Posters for {venue}", language="ru")
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.title == "Posters for {venue}"
    assert letter.language == "en"  # the language of an existing letter is fixed
    assert letter.history.first().history_user.username == "carol"


def test_it_previews_unsaved_text_for_a_sample_venue(client_for):
    letter = LetterTemplate.objects.get(language="lv")
    url = reverse("distribution:letter_edit", args=[letter.pk])

    response = client_for("coordinator").post(
        url, _form_data(letter, title="Sveiki, {venue}!", preview="1")
    )

    assert response.status_code == 200
    assert response.context["preview"]["title"] == "Sveiki, Rēzeknes 1. vidusskola!"
    assert "K7M-2QX" in response.content.decode()
    letter.refresh_from_db()
    assert letter.title != "Sveiki, {venue}!"


def test_it_shows_the_saved_letter_filled_for_the_sample_on_opening(client_for):
    letter = LetterTemplate.objects.get(language="ru")

    response = client_for("admin").get(reverse("distribution:letter_edit", args=[letter.pk]))

    text = response.content.decode()
    assert "Благодарим вас за поддержку" in text
    assert "«Rēzeknes 1. vidusskola»" in text


def test_it_adds_a_letter_for_a_language_that_has_none(client_for):
    LetterTemplate.objects.filter(language="en").delete()
    client = client_for("coordinator")

    response = client.post(
        reverse("distribution:letter_create"),
        {"language": "en", "title": "Posters", "body": "Dear {venue}, open {link}."},
    )
    taken = client.post(
        reverse("distribution:letter_create"),
        {"language": "lv", "title": "Second", "body": "Labdien!"},
    )

    assert response.status_code == 302
    assert LetterTemplate.objects.get(language="en").body == "Dear {venue}, open {link}."
    assert taken.status_code == 200
    assert taken.context["form"].errors["language"]
    assert LetterTemplate.objects.filter(language="lv").count() == 1


@pytest.mark.parametrize("role", ["regional", "viewer"])
def test_it_lets_only_coordinators_edit(client_for, role):
    letter = LetterTemplate.objects.get(language="lv")
    client = client_for(role)

    assert client.get(reverse("distribution:letter_list")).status_code == 200
    assert client.get(reverse("distribution:letter_edit", args=[letter.pk])).status_code == 403
    response = client.post(
        reverse("distribution:letter_edit", args=[letter.pk]), _form_data(letter, title="X")
    )
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.title != "X"


def test_it_lists_the_letters_with_edit_links_for_coordinators(client_for):
    letter = LetterTemplate.objects.get(language="lv")
    edit = reverse("distribution:letter_edit", args=[letter.pk])

    as_coordinator = client_for("coordinator").get(reverse("distribution:letter_list"))
    as_viewer = client_for("viewer").get(reverse("distribution:letter_list"))

    assert [x.language for x in as_coordinator.context["letters"]] == ["en", "lv", "ru"]
    assert f'href="{edit}"' in as_coordinator.content.decode()
    assert f'href="{edit}"' not in as_viewer.content.decode()


def test_it_prints_a_sample_letter_as_pdf(client_for):
    letter = LetterTemplate.objects.get(language="lv")

    response = client_for("viewer").get(reverse("distribution:letter_sample", args=[letter.pk]))

    assert response["Content-Type"] == "application/pdf"
    (page,) = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(page.extract_text().split())
    assert "Rēzeknes 1. vidusskola" in text
    assert "K7M-2QX" in text
    assert "Labdien!" in text
