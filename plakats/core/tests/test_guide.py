"""The user guides' links hold: every image is a screenshot in docs/screenshots, every
relative link opens a file, every in-page link finds its heading, and the README
links both guides.

The screenshots are made by the end-to-end tests (``make screenshots``); a guide
naming one that was never made fails here.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
SCREENSHOTS = DOCS / "screenshots"
GUIDES = [DOCS / "guide.md", DOCS / "guide.lv.md"]

# ![alt](target) and [text](target); a target ends at the first space or ")".
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)


def _text(path: Path) -> str:
    # Code blocks may hold brackets that are not links.
    return re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)


def _is_external(target: str) -> bool:
    return re.match(r"[a-z][a-z0-9+.-]*:", target) is not None


def _anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_anchor(heading) for heading in HEADING.findall(_text(path))}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_it_shows_only_screenshots_that_exist(guide):
    images = IMAGE.findall(_text(guide))
    assert images, f"{guide.name} shows no screenshot"
    missing = []
    for alt, target in images:
        assert alt.strip(), f"{guide.name}: {target} has no alt text"
        assert target.startswith("screenshots/") and target.endswith(".png"), target
        if not (DOCS / target).is_file():
            missing.append(target)
    assert not missing, f"{guide.name} shows screenshots not in docs/screenshots: {missing}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_it_links_only_to_files_that_exist(guide):
    broken = []
    for target in LINK.findall(_text(guide)):
        if _is_external(target) or target.startswith("#"):
            continue
        if not (guide.parent / target.split("#")[0]).exists():
            broken.append(target)
    assert not broken, f"{guide.name} links to missing files: {broken}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_it_links_only_to_headings_that_exist(guide):
    anchors = _anchors(guide)
    broken = [
        target
        for target in LINK.findall(_text(guide))
        if target.startswith("#") and target[1:] not in anchors
    ]
    assert not broken, f"{guide.name} links to missing headings: {broken}"


def test_it_shows_the_same_screenshots_in_both_languages():
    english, latvian = ({t for _alt, t in IMAGE.findall(_text(g))} for g in GUIDES)
    assert english == latvian


def test_it_works_out_heading_anchors_like_github():
    assert _anchor("6. Recall: an old edition") == "6-recall-an-old-edition"
    assert _anchor("Kā vietas apstiprina") == "kā-vietas-apstiprina"


def test_it_links_both_guides_from_the_readme():
    targets = set(LINK.findall(_text(ROOT / "README.md")))
    assert {"docs/guide.md", "docs/guide.lv.md"} <= targets
