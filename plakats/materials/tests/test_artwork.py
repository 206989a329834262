"""Artwork files: only PDF/PNG/JPG/SVG up to 20 MB, checked by content; served only after login."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials.forms import EditionForm

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def _post(edition, upload, **overrides):
    data = {
        "language": edition.language,
        "version": edition.version,
        "hotline_numbers": edition.hotline_numbers,
        "print_run": "0",
        "artwork": upload,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("poster.png", PNG),
        ("poster.PDF", PDF),
        ("poster.jpg", JPEG),
        ("poster.jpeg", JPEG),
        ("poster.svg", SVG),
    ],
)
def test_it_accepts_the_allowed_kinds(client_for, media_root, name, content):
    edition = factory.make_edition()

    response = client_for("coordinator").post(
        reverse("materials:edition_edit", args=[edition.pk]),
        _post(edition, SimpleUploadedFile(name, content)),
    )

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.artwork.name.startswith("artwork/")
    assert edition.artwork.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "poster.gif",
            b"GIF89a" + b"\x00" * 16,
            "Upload the artwork as a PDF, PNG, JPG or SVG file.",
        ),
        ("poster", PNG, "Upload the artwork as a PDF, PNG, JPG or SVG file."),
        ("poster.pdf", PNG, "The file's content is not PDF, whatever its name says."),
        ("poster.png", b"MZ\x90\x00 not an image", "content is not PNG"),
        ("poster.svg", b"<html><script>alert(1)</script></html>", "content is not SVG"),
    ],
)
def test_it_refuses_other_files(client_for, media_root, name, content, message):
    edition = factory.make_edition()

    response = client_for("coordinator").post(
        reverse("materials:edition_edit", args=[edition.pk]),
        _post(edition, SimpleUploadedFile(name, content)),
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors["artwork"][0]
    edition.refresh_from_db()
    assert not edition.artwork
    assert not list(media_root.rglob("*.*"))


@pytest.mark.parametrize("size", [20 * 1024 * 1024 + 1, 25 * 1024 * 1024])
def test_it_refuses_a_file_over_20_mb(media_root, size):
    edition = factory.make_edition()
    upload = SimpleUploadedFile("poster.pdf", PDF)
    upload.size = size

    form = EditionForm(
        _post(edition, None), {"artwork": upload}, instance=edition, material=edition.material
    )

    assert not form.is_valid()
    assert form.errors["artwork"][0].startswith("The artwork file may be at most 20 MB;")


def test_it_says_how_big_the_refused_file_is(media_root):
    edition = factory.make_edition()
    upload = SimpleUploadedFile("poster.pdf", PDF)
    upload.size = 25 * 1024 * 1024

    form = EditionForm(
        _post(edition, None), {"artwork": upload}, instance=edition, material=edition.material
    )

    assert form.errors["artwork"] == ["The artwork file may be at most 20 MB; this one is 25.0 MB."]


def test_it_accepts_a_file_of_exactly_20_mb(media_root):
    edition = factory.make_edition()
    upload = SimpleUploadedFile("poster.pdf", PDF)
    upload.size = 20 * 1024 * 1024

    form = EditionForm(
        _post(edition, None), {"artwork": upload}, instance=edition, material=edition.material
    )

    assert form.is_valid(), form.errors


def _with_artwork(name, content):
    edition = factory.make_edition()
    edition.artwork.save(name, SimpleUploadedFile(name, content))
    return edition


def test_it_sends_anonymous_visitors_to_login(client, media_root):
    edition = _with_artwork("poster.png", PNG)

    response = client.get(reverse("materials:edition_artwork", args=[edition.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_streams_the_file_to_a_logged_in_viewer(client_for, media_root):
    edition = _with_artwork("poster.png", PNG)

    response = client_for("viewer").get(reverse("materials:edition_artwork", args=[edition.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_it_downloads_svg_instead_of_showing_it(client_for, media_root):
    edition = _with_artwork("poster.svg", SVG)

    response = client_for("viewer").get(reverse("materials:edition_artwork", args=[edition.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_it_answers_404_without_a_file(client_for, media_root):
    edition = factory.make_edition()
    missing = _with_artwork("gone.png", PNG)
    missing.artwork.storage.delete(missing.artwork.name)
    client = client_for("viewer")

    assert client.get(reverse("materials:edition_artwork", args=[edition.pk])).status_code == 404
    assert client.get(reverse("materials:edition_artwork", args=[missing.pk])).status_code == 404


def test_it_links_the_artwork_from_the_edition_page(client_for, media_root):
    edition = _with_artwork("poster.png", PNG)

    response = client_for("viewer").get(edition.get_absolute_url())

    page = response.content.decode()
    assert reverse("materials:edition_artwork", args=[edition.pk]) in page
    assert "/media/" not in page
