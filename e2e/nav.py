"""Follow the header's links as a user does: open the menu group a link is folded into."""

import re

from playwright.sync_api import expect


def nav_link(page, text: str):
    """A header link by its exact text (it may be folded away in a menu group)."""
    return (
        page.locator("header nav a")
        .filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))
        .first
    )


def go(page, text: str) -> None:
    """Follow a header link, opening its menu group first if it is folded away."""
    link = nav_link(page, text)
    expect(link).to_be_attached()
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
