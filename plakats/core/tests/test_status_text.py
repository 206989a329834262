"""Status colours always come with words: every badge and map legend entry carries text.

The pages are those of the access table's walk (see ``test_form_labels``): lists
and details with delivery, display, stock, import and recall statuses, and the
map's legend, whose colour swatches are hidden from screen readers and named
beside them.
"""

from html.parser import HTMLParser

import pytest

from plakats.core.tests.test_access_table import _world
from plakats.core.tests.test_form_labels import html_pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
COLOURED = ("badge", "map-swatch")


class ColouredParser(HTMLParser):
    """Collect the text of every badge and of every list item holding a colour swatch."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        for record in self.open:
            record["depth"] += 1
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" or any(name in classes for name in COLOURED):
            self.open.append({"tag": tag, "classes": classes, "depth": 1, "text": ""})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for record in self.open:
            record["depth"] -= 1
        self.found += [record for record in self.open if record["depth"] == 0]
        self.open = [record for record in self.open if record["depth"] > 0]

    def handle_data(self, data):
        for record in self.open:
            record["text"] += data


def coloured(html: str) -> tuple[list[str], list[str]]:
    """Return the texts of the page's badges and of its legend items with a colour swatch."""
    parser = ColouredParser()
    parser.feed(html)
    badges = [r["text"].strip() for r in parser.found if "badge" in r["classes"]]
    swatch_items = []
    for index, record in enumerate(parser.found):
        if "map-swatch" in record["classes"]:
            item = next(r for r in parser.found[index + 1 :] if r["tag"] == "li")
            swatch_items.append(item["text"].strip())
    return badges, swatch_items


def test_it_reads_badges_and_legend_items():
    html = """<ul><li><span class="map-swatch map-status-sent" aria-hidden="true"></span> sent</li>
      <li><span class="map-swatch"></span></li></ul>
      <p><span class="badge badge-sent">sent <b>now</b></span>
      <span class="badge badge-lost"></span></p>"""
    assert coloured(html) == (["sent now", ""], ["sent", ""])


@pytest.mark.django_db
def test_it_names_every_status_colour_in_words(client, users):
    objects = _world(twin=False)
    badges, swatches, silent = 0, 0, {}
    for url, html in html_pages(client, users, objects):
        page_badges, page_swatches = coloured(html)
        badges += len(page_badges)
        swatches += len(page_swatches)
        if "" in page_badges or "" in page_swatches:
            silent[url] = (page_badges, page_swatches)
    # The world has a placement, a recall, an import run...: their statuses show as badges.
    assert badges > 20
    # The map legend: not reached, sent, delivered, displayed, not displayed.
    assert swatches >= 5
    assert silent == {}
