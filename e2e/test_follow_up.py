"""The follow-up list: venues sent a placement long ago that never answered, their
reminder e-mails and the call list.

On top of the demo, one dispatch of our own reaches four venues; worked out by
hand with the default of 21 days, two are due: Ābeļu skola (two placements sent
30 days ago, has an e-mail address) and Bērzu bibliotēka (one sent 25 days ago,
no e-mail). Ceriņu centrs answered, Dižskola was sent only 5 days ago.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import log_in, screenshot
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Source
from plakats.distribution.models import Reminder


def _sent(venue, dispatch, edition, days: int):
    placement = factory.make_placement(venue=venue, dispatch=dispatch, edition=edition)
    sent_at = timezone.now() - timedelta(days=days)
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT, occurred_at=sent_at)
    return placement


def _world():
    campaign = factory.make_campaign(
        name="Follow-up check", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    dispatch = factory.make_dispatch(campaign=campaign, name="Follow-up wave")
    edition = factory.make_edition()
    venues = {
        "abeles": factory.make_venue(
            name="Ābeļu skola", email="abeles@example.org", phone="+371 64000001"
        ),
        "berzi": factory.make_venue(name="Bērzu bibliotēka", phone="+371 64000002"),
        "ceriņi": factory.make_venue(name="Ceriņu centrs", email="cerini@example.org"),
        "diž": factory.make_venue(name="Dižskola", email="diz@example.org"),
    }
    due = [
        _sent(venues["abeles"], dispatch, edition, 30),
        _sent(venues["abeles"], dispatch, edition, 30),
        _sent(venues["berzi"], dispatch, edition, 25),
    ]
    answered = _sent(venues["ceriņi"], dispatch, edition, 30)
    services.change_status(answered, Axis.DELIVERY, Delivery.DELIVERED, source=Source.VENUE)
    services.change_status(answered, Axis.DISPLAY, Display.DISPLAYED, source=Source.VENUE)
    _sent(venues["diž"], dispatch, edition, 5)
    return dispatch, venues, due


@pytest.mark.django_db(transaction=True)
def test_it_lists_unanswered_venues_reminds_them_and_exports_the_call_list(demo, page, a11y):
    dispatch, venues, due = _world()
    abeles_codes = sorted(p.code for p in due[:2])

    page.goto(demo.url + "/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
    page.goto(demo.url + reverse("distribution:followup_list"))
    a11y(page)
    page.locator("form.filters").get_by_label("Dispatch").select_option(str(dispatch.pk))
    page.wait_for_url(f"**dispatch={dispatch.pk}**")
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(2)
    a11y(page)
    expect(rows.nth(0)).to_contain_text("Ābeļu skola")
    expect(rows.nth(0)).to_contain_text("abeles@example.org")
    assert sorted(rows.nth(0).locator("td").nth(5).inner_text().split(", ")) == abeles_codes
    expect(rows.nth(1)).to_contain_text("Bērzu bibliotēka")
    expect(rows.nth(1)).to_contain_text("no e-mail")
    expect(rows.nth(1)).to_contain_text(due[2].code)
    screenshot(page, "guide-followup", full_page=True)

    with page.expect_download() as download:
        page.locator("#list-results").get_by_role("link", name="CSV").click()
    lines = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    # A leading "+" is quoted so that a spreadsheet never reads the cell as a formula.
    assert [(line["Venue"], line["Phone"], line["E-mail"]) for line in lines] == [
        ("Ābeļu skola", "'+371 64000001", "abeles@example.org"),
        ("Bērzu bibliotēka", "'+371 64000002", ""),
    ]
    assert sorted(lines[0]["Placements"].split()) == abeles_codes

    with page.expect_navigation():
        page.get_by_role("button", name="Send reminder e-mails to the 2 venues listed").click()
    a11y(page)
    expect(page.get_by_text("Reminder e-mail queued for 1 venue.")).to_be_visible()
    expect(
        page.get_by_text("1 venue has no e-mail address; phone it instead: Bērzu bibliotēka")
    ).to_be_visible()
    ours = Reminder.objects.filter(venue__in=venues.values())
    reminder = ours.get()
    assert (reminder.venue, reminder.email) == (venues["abeles"], "abeles@example.org")
    assert sorted(p.code for p in reminder.placements.all()) == abeles_codes
    expect(rows.nth(0)).to_contain_text("queued")

    with page.expect_navigation():
        page.get_by_role("button", name="Send reminder e-mails to the 2 venues listed").click()
    a11y(page)
    expect(
        page.get_by_text("1 venue was reminded in the last 7 days and was skipped.")
    ).to_be_visible()
    assert ours.count() == 1
