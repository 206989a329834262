"""Every form field on every page has a label a screen reader can announce.

A field is labelled by ``<label for>``, by a ``<label>`` around it, or by
``aria-label`` / ``aria-labelledby``; the help text its ``aria-describedby``
names (Django adds ``<id>_helptext``) must be on the page. The pages are those of the access table's
walk, opened as the coordinator (and the public pages anonymously), with one
object of each kind.
"""

from html.parser import HTMLParser

import pytest

from plakats.core.permissions import ACCESS
from plakats.core.tests.test_access_table import ALL_URLS, _url, _world

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class FieldParser(HTMLParser):
    """Collect the form fields of a page and the ids its labels point at."""

    def __init__(self):
        super().__init__()
        self.label_for: set[str] = set()
        self.in_label = 0
        self.fields: list[dict] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attrs.get("type", "text") in UNLABELLED_TYPES:
                return
            self.fields.append(attrs | {"tag": tag, "wrapped": self.in_label > 0})

    def handle_endtag(self, tag):
        if tag == "label" and self.in_label:
            self.in_label -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{field['tag']} name={field.get('name')!r} id={field.get('id')!r}>"
            for field in self.fields
            if not (
                field["wrapped"]
                or field.get("aria-label", "").strip()
                or field.get("aria-labelledby")
                or (field.get("id") and field["id"] in self.label_for)
            )
        ]

    def undescribed(self) -> list[str]:
        return [
            f"<{field['tag']} name={field.get('name')!r}> aria-describedby={ref!r}"
            for field in self.fields
            for ref in (field.get("aria-describedby") or "").split()
            if ref not in self.ids
        ]


def unlabelled_fields(html: str) -> list[str]:
    """The page's fields without a label, and those described by an element not on the page."""
    parser = FieldParser()
    parser.feed(html)
    return parser.unlabelled() + parser.undescribed()


def test_it_tells_a_labelled_field_from_an_unlabelled_one():
    html = """
      <label for="a">A</label><input id="a" name="a">
      <label>B <select name="b"></select></label>
      <input name="c" aria-label="C"><input type="hidden" name="d"><button type="submit">Go</button>
      <textarea name="e" id="e"></textarea><label for="x">X</label><input name="f" id="f">
      <input name="g" aria-label="G" aria-describedby="g_helptext"><small id="h_helptext">H</small>
    """
    assert unlabelled_fields(html) == [
        "<textarea name='e' id='e'>",
        "<input name='f' id='f'>",
        "<input name='g'> aria-describedby='g_helptext'",
    ]


def html_pages(client, users, objects):
    """Yield ``(url, html)`` of every page that answers HTML to a GET, as its user would see it."""
    for name in ALL_URLS:
        client.logout()
        if ACCESS[name] != "public":
            client.force_login(users["admin" if ACCESS[name] == "admin" else "coordinator"])
        url = _url(name, objects)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield url, response.content.decode()


@pytest.mark.django_db
def test_it_labels_every_field_on_every_page(client, users):
    objects = _world(twin=False)
    missing = {}
    pages = 0
    for url, html in html_pages(client, users, objects):
        pages += 1
        if found := unlabelled_fields(html):
            missing[url] = found
    assert pages > 60
    assert missing == {}
