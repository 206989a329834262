"""The Latvian catalogue is complete: every message in the code has a translation.

The test regenerates the catalogue from the sources in a scratch copy of the
project, so a string added without a translation fails here, not in front of a
Latvian user.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "locale/lv/LC_MESSAGES/django.po"


def _entries(po_text: str) -> dict[str, list[str]]:
    """Map each msgid of a .po text to its msgstr values (plural forms in order)."""
    entries = {}
    for block in po_text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.setdefault("__fuzzy__", []).append(block)
        if block.lstrip().startswith("#~"):
            continue
        msgid = _field(block, "msgid")
        if msgid:
            strs = [_field(block, f"msgstr[{i}]") for i in range(3)]
            entries[msgid] = strs if strs[0] is not None else [_field(block, "msgstr")]
    return entries


def _field(block: str, name: str) -> str | None:
    match = re.search(rf'^{re.escape(name)} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> dict[str, list[str]]:
    scratch = tmp_path_factory.mktemp("project")
    for name in ("plakats", "templates", "locale"):
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", scratch)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "lv", "--no-obsolete"],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return _entries((scratch / "locale/lv/LC_MESSAGES/django.po").read_text())


def test_it_has_no_message_missing_from_the_catalogue(regenerated):
    committed = _entries(CATALOGUE.read_text())
    missing = sorted(set(regenerated) - set(committed) - {"__fuzzy__"})
    assert missing == [], "Run `make messages` and translate: " + ", ".join(missing[:20])


def test_it_has_a_latvian_translation_for_every_message(regenerated):
    untranslated = sorted(
        msgid for msgid, forms in regenerated.items() if msgid != "__fuzzy__" and not all(forms)
    )
    assert untranslated == [], ", ".join(untranslated[:30])


def test_it_has_no_fuzzy_translation(regenerated):
    assert regenerated.get("__fuzzy__", []) == []
