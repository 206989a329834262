"""A field visit on a phone: the Latgale consultant finds a venue, records what is on
the wall with a photo, and the placements' statuses follow what was seen.

On top of the demo we add one venue in Rēzekne with two delivered posters: one
nobody has seen yet is found on the wall (with a photo taken by a phone that
wrote its GPS position into the file); the other, seen up before, has been
taken down, so it leaves the venue's list of current placements.
"""

import pytest
from django.urls import reverse
from PIL import ExifTags, Image
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import PHONE, log_in, screenshot
from plakats.distribution.choices import Delivery, Display, Evidence
from plakats.distribution.models import FieldVisit, Placement
from plakats.distribution.tests.images import phone_photo


@pytest.mark.django_db(transaction=True)
def test_it_records_a_visit_with_a_photo_on_a_phone(demo, open_page, a11y, tmp_path):
    venue = factory.make_venue(
        name="Ezerkrasta skola (check)",
        municipality=factory.municipality("Rēzekne"),
        address="Ezera iela 1",
    )
    edition = factory.make_edition(
        material=factory.make_material(name="A3 poster: Visit check"), version="2026-1"
    )
    campaign = factory.make_campaign(name="Visit check")
    hanging, gone = (
        factory.make_placement(
            venue=venue,
            edition=edition,
            campaign=campaign,
            delivery=Delivery.DELIVERED,
            display=display,
        )
        for display in (Display.UNKNOWN, Display.DISPLAYED)
    )
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(phone_photo())

    page = open_page(viewport=PHONE, is_mobile=True, device_scale_factor=2, locale="en-GB")
    page.goto(demo.url + "/login/")
    a11y(page)
    log_in(page, demo.url, "latgale", DEMO_PASSWORD)
    a11y(page)
    page.goto(demo.url + reverse("distribution:visit_start"))
    a11y(page)
    page.get_by_label("Venue name or placement code").fill("Ezerkrasta")
    page.locator("form.visit-search").get_by_role("button", name="Search").click()
    page.wait_for_url("**q=Ezerkrasta**")
    results = page.locator(".visit-venues li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Rēzekne · 2 placements")
    a11y(page)
    page.get_by_role("link", name="Ezerkrasta skola (check)").click()
    page.wait_for_url(f"**/visits/venues/{venue.pk}/")
    a11y(page)

    form = page.locator(f"#placement-{hanging.pk} form")
    form.get_by_label("seen displayed").check()
    form.get_by_label("Note").fill("By the entrance, next to the timetable")
    form.get_by_label("Photo (optional)").set_input_files(photo)
    form.get_by_role("button", name="Record visit").click()
    expect(page.locator("#visit-queue .queue-status")).to_have_text(
        f"Visit to {hanging.code} recorded.", timeout=15000
    )
    page.locator("main h1").evaluate("heading => heading.scrollIntoView()")
    screenshot(page, "guide-field-visit-phone")
    form = page.locator(f"#placement-{gone.pk} form")
    form.get_by_label("removed", exact=True).check()
    form.get_by_role("button", name="Record visit").click()
    expect(page.locator("#visit-queue .queue-status")).to_have_text(
        f"Visit to {gone.code} recorded.", timeout=15000
    )
    expect(page.locator("#visit-queue h2")).to_have_text("Waiting to be sent: 0")
    a11y(page)

    page.reload()
    a11y(page)
    recent = page.locator("#recent-visits-title + ul li")
    expect(recent).to_have_count(2)
    expect(recent.filter(has_text=hanging.code)).to_contain_text("seen displayed · latgale")
    expect(recent.filter(has_text=hanging.code).get_by_role("link", name="photo")).to_be_visible()
    expect(recent.filter(has_text=gone.code)).to_contain_text("removed · latgale")
    expect(page.locator(f"#placement-{gone.pk}")).to_have_count(0)

    hanging = Placement.objects.get(pk=hanging.pk)
    gone = Placement.objects.get(pk=gone.pk)
    assert (hanging.display, hanging.evidence) == (Display.DISPLAYED, Evidence.VISIT)
    assert (gone.display, gone.evidence) == (Display.REMOVED, Evidence.VISIT)
    visits = FieldVisit.objects.filter(placement__venue=venue).select_related("photo")
    assert sorted((v.placement_id, v.sighting, v.visited_by.username) for v in visits) == sorted(
        [(hanging.pk, "displayed", "latgale"), (gone.pk, "removed", "latgale")]
    )
    seen = visits.get(placement=hanging)
    assert seen.note == "By the entrance, next to the timetable"
    assert (seen.photo.width, seen.photo.height, seen.photo.source) == (320, 240, "visit")
    with Image.open(seen.photo.image.path) as kept:
        assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert visits.get(placement=gone).photo is None
