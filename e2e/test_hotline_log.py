"""The hotline log, keyboard first: the operator logs a call that names a poster's code;
a note holding a phone number is refused and nothing is saved; the attribution
report then shows the contact against that placement.

On top of the demo we add a campaign running around today with one poster at a
hostel in Daugavpils; the demo's own contacts are all from 2013-2015, so the
report for our campaign's period holds exactly the one contact logged here.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import log_in, screenshot
from plakats.distribution.choices import Delivery
from plakats.outreach.models import HotlineContact


def _placement():
    today = timezone.localdate()
    campaign = factory.make_campaign(
        name="Hotline check",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    return factory.make_placement(
        campaign=campaign,
        venue=factory.make_venue(
            name="Hotline check hostel",
            kind="hostel",
            municipality=factory.municipality("Daugavpils"),
        ),
        edition=factory.make_edition(
            material=factory.make_material(name="A3 poster: Hotline check"), version="2026-1"
        ),
        delivery=Delivery.DELIVERED,
    )


@pytest.mark.django_db(transaction=True)
def test_it_logs_a_contact_refuses_personal_data_and_reports_it(demo, page, a11y):
    placement = _placement()
    latgale = factory.region("Latgales")
    before = HotlineContact.objects.count()
    typed_code = placement.code.replace("-", " ").lower()

    page.goto(demo.url + "/login/")
    a11y(page)
    log_in(page, demo.url, "hotline", DEMO_PASSWORD)
    a11y(page)
    page.goto(demo.url + reverse("outreach:hotline_new"))
    a11y(page)
    expect(page.get_by_label("phone", exact=True)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Skype", exact=True)).to_be_checked()
    page.get_by_label("Work abroad").check()
    page.get_by_label("Heard of us from").select_option(label="Hostel")
    page.get_by_label("Code on the poster").fill(typed_code)
    page.get_by_label("Caller's region").select_option(str(latgale.pk))
    page.get_by_label("referred to consultation").check()
    notes = page.get_by_label("Notes (no personal data)")
    notes.fill("Asked about a job in Norway, call back on 29123456")
    with page.expect_navigation():
        notes.press("Enter")
    a11y(page)
    refusal = page.locator("form.hotline-form [role=alert]")
    expect(refusal).to_contain_text("This text cannot be saved:")
    expect(refusal).to_contain_text("No personal data is allowed here")
    assert HotlineContact.objects.count() == before

    notes = page.get_by_label("Notes (no personal data)")
    expect(notes).to_have_value("Asked about a job in Norway, call back on 29123456")
    notes.fill("Asked about a job in Norway")
    with page.expect_navigation():
        notes.press("Enter")
    a11y(page)
    expect(page.locator(".messages")).to_contain_text(
        f"Contact saved, linked to placement {placement.code}: Hotline check hostel"
    )
    expect(page.get_by_label("Notes (no personal data)")).to_have_value("")
    screenshot(page, "guide-hotline-log")

    assert HotlineContact.objects.count() == before + 1
    contact = HotlineContact.objects.order_by("-pk").first()
    assert (
        contact.channel,
        contact.placement_id,
        contact.region_id,
        contact.heard_from.name_en,
        contact.outcome,
        contact.notes,
        contact.recorded_by.username,
    ) == (
        "skype",
        placement.pk,
        latgale.pk,
        "Hostel",
        "consultation",
        "Asked about a job in Norway",
        "hotline",
    )
    assert [t.name_en for t in contact.topics.all()] == ["Work abroad"]

    # The report for our campaign's period, as its "Show" button asks for it (the default
    # period spans every demo contact since 2013: ~700 weeks, slow to draw and to check).
    report = reverse("outreach:hotline_report")
    page.goto(f"{demo.url}{report}?campaign={placement.campaign_id}&start=&end=")
    a11y(page)
    expect(page.locator("form.filters select[name=campaign]")).to_have_value(
        str(placement.campaign_id)
    )
    expect(page.locator("main")).to_contain_text(": 1 contacts.")
    codes = page.locator("#code-table tbody tr")
    expect(codes).to_have_count(1)
    assert codes.locator("td").all_inner_texts() == [
        placement.code,
        "Hotline check hostel",
        "hostel",
        "A3 poster: Hotline check 2026-1",
        "Hotline check",
        "1",
    ]
    assert page.locator("#kind-table td").all_inner_texts() == ["hostel", "1"]
    assert page.locator("#region-table td").all_inner_texts() == [latgale.name, "1"]
