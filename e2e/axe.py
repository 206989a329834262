"""Run axe-core (installed from the npm registry by `make vendor`) inside a Playwright page.

The check covers WCAG 2.0/2.1 level A and AA rules and fails on any violation
of serious or critical impact, listing the rule, its help text and the
offending elements so the message says what to fix.
"""

from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _where(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def violations(page) -> list[dict]:
    """Return axe's serious and critical WCAG 2.1 AA violations on the page as it is now."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: `make vendor` installs axe-core from npm"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


class AxeLedger:
    """Remember every page a test showed and every page axe checked."""

    def __init__(self):
        self.seen: dict[str, str] = {}
        self.checked: set[str] = set()

    def watch(self, page) -> None:
        page.on(
            "framenavigated",
            lambda frame: self._seen(frame.url) if frame == page.main_frame else None,
        )

    def _seen(self, url: str) -> None:
        if url.startswith("http"):
            self.seen.setdefault(_where(url), url)

    def check(self, page) -> None:
        page.wait_for_load_state("load")
        found = violations(page)
        assert not found, f"accessibility violations on {_where(page.url)}:\n{describe(found)}"
        self.checked.add(_where(page.url))

    def assert_all_checked(self) -> None:
        missing = sorted(set(self.seen) - self.checked)
        assert not missing, f"pages shown without an accessibility check: {missing}"
