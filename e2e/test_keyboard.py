"""The app by keyboard alone: log in, open the grouped menu, follow a link, fill a form.

Only ``page.keyboard`` moves the focus and acts (Tab, Enter, Space); the tests
read where the focus is and check it is drawn with an outline. The grouped menu
is also opened on a phone, where it must not make the page scroll sideways.
"""

import pytest
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests.browser import PHONE, log_in, screenshot
from plakats.outreach.models import HotlineContact

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '',
    text: (el.innerText || el.value || '').trim(),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
  };
}"""


def _tab_to(page, wanted, *, limit: int = 80) -> dict:
    """Press Tab until the focused element matches ``wanted(focused)``; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element; last focused: {focused}")


def _log_in(page, base_url: str, a11y) -> None:
    page.goto(f"{base_url}/login/")
    a11y(page)
    log_in(page, base_url, "coordinator", DEMO_PASSWORD)
    a11y(page)


def _log_in_by_keyboard(page, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    _tab_to(page, lambda f: f["name"] == "username")
    page.keyboard.type("coordinator")
    _tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/")


@pytest.mark.django_db(transaction=True)
def test_it_logs_in_and_follows_a_menu_link_by_keyboard(demo, page, a11y):
    page.goto(f"{demo.url}/login/")
    a11y(page)
    _log_in_by_keyboard(page, demo.url)
    a11y(page)

    skip = _tab_to(page, lambda f: f["tag"] == "a")
    assert skip["text"] == "Skip to content"
    assert skip["outline"], "the focused skip link shows no outline"

    summary = _tab_to(page, lambda f: f["tag"] == "summary" and f["text"] == "Venues and materials")
    assert summary["outline"], "the focused menu group shows no outline"
    venues = page.locator("header nav a", has_text="Partners")
    expect(venues).to_be_hidden()
    page.keyboard.press("Enter")
    expect(venues).to_be_visible()
    a11y(page)

    link = _tab_to(page, lambda f: f["tag"] == "a")
    assert link["text"] == "Venues"
    assert link["outline"], "the focused menu link shows no outline"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{demo.url}/venues/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Venues")
    a11y(page)


@pytest.mark.django_db(transaction=True)
def test_it_fills_and_submits_the_hotline_form_by_keyboard(demo, page, a11y):
    _log_in(page, demo.url, a11y)
    before = HotlineContact.objects.count()
    page.goto(f"{demo.url}/outreach/hotline/new/")
    a11y(page)

    # The channel's first option has the focus when the page opens; Phone is preselected.
    assert page.evaluate(FOCUSED)["name"] == "channel"
    topic = _tab_to(page, lambda f: f["name"] == "topics")
    assert topic["outline"], "the focused check box shows no outline"
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["name"] == "notes")
    page.keyboard.type("Asked which posters are current (keyboard only)")
    submit = _tab_to(page, lambda f: f["tag"] == "button" and f["type"] == "submit")
    assert submit["outline"], "the focused button shows no outline"
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_be_visible()
    a11y(page)
    assert HotlineContact.objects.count() == before + 1
    contact = HotlineContact.objects.order_by("-pk").first()
    assert contact.notes == "Asked which posters are current (keyboard only)"
    assert contact.topics.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_opens_the_grouped_menu_on_a_phone(demo, open_page, a11y):
    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    _log_in(phone, demo.url, a11y)
    # A page without wide tables, so any sideways scrolling would come from the menu.
    phone.goto(f"{demo.url}/outreach/hotline/new/")
    a11y(phone)
    wide = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert phone.evaluate(wide) <= 0, "the phone page scrolls sideways with the menu closed"

    groups = phone.locator("header .main-nav details > summary")
    assert groups.count() == 5
    for index in range(groups.count()):
        groups.nth(index).focus()
        phone.keyboard.press("Space")
        menu = phone.locator("header .main-nav details").nth(index).locator("ul a").first
        expect(menu).to_be_visible()
        assert phone.evaluate(wide) <= 0, f"menu group {index + 1} makes the page scroll sideways"
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        phone.keyboard.press("Space")
        expect(menu).to_be_hidden()

    # One group open at a time; Escape closes it and leaves the focus on its button.
    groups.nth(0).focus()
    phone.keyboard.press("Enter")
    groups.nth(2).focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("header .main-nav details[open]")).to_have_count(1)
    phone.keyboard.press("Escape")
    expect(phone.locator("header .main-nav details[open]")).to_have_count(0)
    assert phone.evaluate(
        "document.activeElement === document.querySelectorAll('.main-nav summary')[2]"
    )

    groups.nth(1).focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("header nav a", has_text="Dispatches")).to_be_visible()
    menu = "document.querySelector('header details[open] > summary + ul')"
    phone.wait_for_function(f"() => getComputedStyle({menu}).opacity === '1'")
    a11y(phone)
    screenshot(phone, "guide-navigation-phone")
