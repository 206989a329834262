"""The hotline form in a real browser, by keyboard only: the focus starts on the channel,
Tab reaches the topics, Space ticks one, Enter saves and an empty form comes back."""

import os
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.core.tests.browser import DESKTOP, launch, log_in, screenshot
from plakats.outreach.models import HeardFrom, HotlineContact, Topic

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_it_logs_a_contact_by_keyboard_and_starts_over(live_server):
    factory.make_user(Role.HOTLINE, username="hana")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        blocked = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        log_in(page, live_server.url, "hana", factory.PASSWORD)
        page.goto(live_server.url + reverse("outreach:hotline_new"))

        expect(page.locator("#id_channel_0")).to_be_focused()
        page.keyboard.press("Tab")  # from the channel group to the first topic
        expect(page.locator("#id_topics_0")).to_be_focused()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(page.locator("#id_topics_1")).to_be_checked()
        page.keyboard.press("Enter")

        expect(page.locator(".message-success")).to_contain_text("next contact")
        expect(page.locator("#id_channel_0")).to_be_focused()
        expect(page.locator("#id_topics_0")).not_to_be_checked()
        screenshot(page, "hotline-form")
        browser.close()

    contact = HotlineContact.objects.get()
    assert sorted(contact.topics.values_list("name_en", flat=True)) == [
        "Sham marriage",
        "Work abroad",
    ]
    assert contact.channel == "phone" and contact.outcome == "information"
    assert blocked == []


@pytest.mark.django_db(transaction=True)
def test_it_draws_the_attribution_chart_under_the_strict_csp(live_server):
    factory.make_user(Role.VIEWER, username="vera")
    sources = list(HeardFrom.objects.all())
    topics = list(Topic.objects.all())
    campaign = factory.make_campaign()
    for week in range(12):
        if week % 4 == 1:
            factory.make_dispatch(
                campaign=campaign,
                name=f"Wave {week}",
                planned_on=date(2015, 3, 2) + timedelta(weeks=week),
            )
        for n in range(week % 5 + 1):
            factory.make_hotline_contact(
                occurred_at=timezone.make_aware(
                    datetime(2015, 3, 2, 10) + timedelta(weeks=week, days=n)
                ),
                heard_from=sources[(week + n) % len(sources)],
                topics=[topics[n % len(topics)]],
            )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        blocked = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        log_in(page, live_server.url, "vera", factory.PASSWORD)
        page.goto(
            live_server.url
            + reverse("outreach:hotline_report")
            + "?start=2015-03-02&end=2015-05-24"
        )
        expect(page.locator("svg.chart")).to_be_visible()
        expect(page.locator(f"a[href='{reverse('outreach:hotline_list')}']")).to_have_count(0)
        screenshot(page, "hotline-report", full_page=True)
        browser.close()
    assert blocked == []
