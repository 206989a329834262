"""Helpers for tests in a real browser: the system's Chromium driven by Playwright.

Playwright never downloads a browser here: it starts /usr/bin/chromium (Debian's
package, installed by `make browser`). Screenshots go to build/screenshots/, and
to docs/screenshots/ too when PLAKATS_DOCS_SCREENSHOTS=1 (`make screenshots`).
"""

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("PLAKATS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[3]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot as build/screenshots/NAME.png (and in docs/ when asked)."""
    target = ROOT / "build" / "screenshots" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=full_page)
    if os.environ.get("PLAKATS_DOCS_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, docs / target.name)
    return target
