"""Supersede an edition from its page, follow the recall, send the replacement in one step.

On top of the demo we add an edition with seven placements; worked out by
hand, four are believed up (via a partner in Rēzekne, 2 items; delivered in
Liepāja, 5; displayed in Rīga, 1; a web page, 1) and three are not (still on
its way, taken down, returned).
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import log_in, screenshot
from plakats.distribution.choices import Channel, Delivery, Display
from plakats.distribution.models import Placement, Recall
from plakats.materials import services as stock

# name: (municipality, or None for a web page; quantity; delivery; display)
PLACEMENTS = {
    "via_partner": ("Rēzekne", 2, Delivery.VIA_PARTNER, Display.UNKNOWN),
    "delivered": ("Liepāja", 5, Delivery.DELIVERED, Display.UNKNOWN),
    "displayed": ("Rīga", 1, Delivery.DELIVERED, Display.DISPLAYED),
    "web": (None, 1, Delivery.DELIVERED, Display.DISPLAYED),
    "sent": ("Rīga", 3, Delivery.SENT, Display.UNKNOWN),
    "removed": ("Rīga", 3, Delivery.DELIVERED, Display.REMOVED),
    "returned": ("Rīga", 3, Delivery.RETURNED, Display.DISPLAYED),
}
UP = ["via_partner", "delivered", "displayed", "web"]


def _world() -> dict:
    material = factory.make_material(name="A3 poster: Recall check")
    old = factory.make_edition(material=material, version="2014-1", hotline_numbers="80002012")
    new = factory.make_edition(material=material, version="2015-1", hotline_numbers="80002013")
    dispatch = factory.make_dispatch(campaign=factory.make_campaign(name="Recall check 2014"))
    placements = {}
    for number, (name, (where, quantity, delivery, display)) in enumerate(PLACEMENTS.items()):
        if where is None:
            venue = factory.make_venue(
                name=f"Venue {name}", kind="website", url="https://example.org/jobs"
            )
        else:
            venue = factory.make_venue(
                name=f"Venue {name}",
                municipality=factory.municipality(where),
                address=f"Skolas iela {number + 1}",
            )
        placements[name] = factory.make_placement(
            dispatch=dispatch,
            venue=venue,
            edition=old,
            quantity=quantity,
            delivery=delivery,
            display=display,
        )
    today = timezone.localdate()
    return {
        "old": old,
        "new": new,
        "location": factory.make_location(name="Recall check store"),
        "campaign": factory.make_campaign(
            name="Recall check 2015",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=60),
        ),
        "placements": placements,
    }


@pytest.mark.django_db(transaction=True)
def test_it_supersedes_an_edition_and_sends_the_replacement(demo, page, a11y):
    world = _world()
    old, new, placements = world["old"], world["new"], world["placements"]
    stock.receive_print_run(new, world["location"], 8)  # 2 + 5 + 1 for the postal venues
    up = {name: placements[name] for name in UP}

    page.goto(demo.url + "/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
    page.goto(demo.url + old.get_absolute_url())
    a11y(page)
    page.get_by_role("button", name="Supersede", exact=True).click()
    page.wait_for_url("**/supersede/")
    a11y(page)
    expect(page.locator(".recall-affected")).to_contain_text(
        "This affects 4 placements still believed to be up."
    )
    page.get_by_label("Replaced by").select_option(str(new.pk))
    page.get_by_label("Reason").fill("The hotline number changed")
    page.get_by_label("Date").fill("2015-03-01")
    page.get_by_role("button", name="Supersede", exact=True).click()
    page.wait_for_url("**/recalls/*/")
    recall = Recall.objects.get(edition=old)
    assert page.url.endswith(recall.get_absolute_url())
    a11y(page)
    expect(page.get_by_text("The edition is superseded; its recall is open.")).to_be_visible()
    listed = page.locator("#counts-title ~ .overflow-auto tbody tr td:first-child")
    expect(listed).to_have_count(4)
    assert sorted(listed.all_inner_texts()) == sorted(p.code for p in up.values())
    expect(page.locator("#replace-title + p")).to_contain_text(
        "to the 4 placements still showing the old edition"
    )
    expect(page.locator("#replace-title + p")).to_contain_text(
        "Postal venues need 8 items from stock"
    )
    screenshot(page, "guide-recall", full_page=True)

    form = page.locator("form[action$='/replace/']")
    form.get_by_label("Campaign").select_option(str(world["campaign"].pk))
    form.get_by_label("Sent by").select_option(Channel.POST)
    form.get_by_label("From stock at").select_option(str(world["location"].pk))
    form.get_by_label("Date").fill("2015-03-02")
    form.get_by_role("button", name="Make the replacement dispatch").click()
    page.wait_for_url("**/dispatches/*/")
    a11y(page)
    expect(page.get_by_text("Replacement dispatch made for 4 placements.")).to_be_visible()
    screenshot(page, "guide-replacement")

    made = Placement.objects.filter(edition=new).select_related("venue", "dispatch")
    assert sorted((p.venue_id, p.quantity) for p in made) == sorted(
        (p.venue_id, p.quantity) for p in up.values()
    )
    assert {line.old_placement_id: line.new_placement.venue_id for line in recall.lines.all()} == {
        p.pk: p.venue_id for p in up.values()
    }
    assert {p.venue.is_online: p.dispatch.channel for p in made} == {
        False: Channel.POST,
        True: Channel.ONLINE,
    }
    assert stock.on_hand(new, world["location"]) == 0
    postal = made.filter(dispatch__channel=Channel.POST).first().dispatch
    assert page.url.endswith(postal.get_absolute_url())

    page.get_by_role("button", name="Print pack").click()
    page.wait_for_url("**/print-pack/")
    a11y(page)
    expect(page.locator("main")).to_contain_text("(3 placements)")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    for name in ("via_partner", "delivered", "displayed"):
        assert f"Venue {name}" in text, name
        new_code = made.get(venue=placements[name].venue).code
        assert new_code in text, name
    assert "Venue web" not in text
