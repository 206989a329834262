"""A venue answers from its phone through the printed link; the coordinator sees the figures move.

On top of the demo data a current campaign sends one A2 poster package to
each of the four NVA branches of Latgale (the demo campaign ended in 2015, so
its links no longer take answers). The Rēzekne branch opens its link on a
phone, says the poster is up and adds a photo. The dashboard and the map are
looked at before and after, with the figure cache on: the answer must show
at once all the same.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plakats.accounts.models import User
from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import PHONE, log_in, screenshot
from plakats.distribution import services
from plakats.distribution.models import Confirmation, Placement
from plakats.distribution.tests.images import phone_photo
from plakats.materials.models import Edition
from plakats.venues.models import Venue

from .nav import go

CAMPAIGN = "Trust hotline 2026 (e2e)"
BRANCHES = [
    "NVA filiāle (demo), Augšdaugavas novads",
    "NVA filiāle (demo), Daugavpils",
    "NVA filiāle (demo), Rēzekne",
    "NVA filiāle (demo), Rēzeknes novads",
]
ANSWERING = "NVA filiāle (demo), Rēzekne"
WHERE = "Pie ziņojumu dēļa foajē"


def _send_posters() -> Placement:
    """The 2026 campaign's dispatch to the four branches, marked sent; return Rēzekne's."""
    today = timezone.localdate()
    campaign = factory.make_campaign(
        name=CAMPAIGN, starts_on=today - timedelta(days=14), ends_on=today + timedelta(days=120)
    )
    poster = Edition.objects.get(material__name="A2 poster: Safe work abroad", version="2015")
    coordinator = User.objects.get(username="coordinator")
    dispatch = services.create_dispatch(
        campaign=campaign,
        name="NVA Latgale, plakāti 2026",
        channel="post",
        planned_on=today,
        lines=[
            services.Line(venue_id=venue.pk, edition_id=poster.pk, quantity=3)
            for venue in Venue.objects.filter(name__in=BRANCHES)
        ],
        user=coordinator,
    )
    placements = list(dispatch.placements.all())
    assert len(placements) == 4
    services.bulk_change_status(placements, "delivery", "sent", user=coordinator)
    return dispatch.placements.get(venue__name=ANSWERING)


def _dashboard(page) -> dict:
    """The figures of the dashboard the test follows, as the page shows them."""

    def counts(table: str) -> dict[str, str]:
        links = page.locator(f"#{table} a[data-status]")
        return dict(
            zip(
                links.evaluate_all("links => links.map(a => a.dataset.status)"),
                links.all_inner_texts(),
                strict=True,
            )
        )

    return {
        "total": page.locator("#placement-total").inner_text(),
        "delivery": counts("delivery-counts"),
        "display": counts("display-counts"),
        "rate": " ".join(page.locator("#confirmation-rate").inner_text().split()),
    }


def _map_legend(page) -> dict[str, str]:
    """The legend's venue count per status, once the map's data has arrived."""
    expect(page.locator("#map-summary")).not_to_be_empty()
    spans = page.locator(".map-legend [data-count]")
    return dict(
        zip(
            spans.evaluate_all("spans => spans.map(s => s.dataset.count)"),
            spans.all_inner_texts(),
            strict=True,
        )
    )


def _open_map(page, a11y) -> str:
    """Open the map from the header, narrow it to Latgale's NVA branches; return the data URL."""
    go(page, "Map")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of venues")
    a11y(page)
    # Each choice applies at once (the page reloads with it).
    latgale = page.locator("#map-filters select[name=region] option", has_text="Latgales")
    region = latgale.get_attribute("value")
    page.locator("#map-filters select[name=region]").select_option(region)
    page.wait_for_url(f"**region={region}**")
    a11y(page)
    page.locator("#map-filters select[name=kind]").select_option("employment_agency")
    page.wait_for_url("**kind=employment_agency**")
    a11y(page)
    expect(page.locator(".map-legend")).to_be_visible()
    return page.locator("#venue-map").get_attribute("data-data-url")


def _map_status(page, data_url: str, venue_id: int) -> str:
    data = page.request.get(page.url.split("/reports/")[0] + data_url).json()
    statuses = [code for code, _label in data["statuses"]]
    status = {row[0]: row[3] for row in data["venues"]}[venue_id]
    return statuses[status]


@pytest.mark.django_db(transaction=True)
def test_it_confirms_on_a_phone_and_the_figures_follow(
    demo, page, open_page, a11y, settings, tmp_path
):
    settings.PLAKATS_FIGURE_CACHE_SECONDS = 300
    placement = _send_posters()
    venue = placement.venue
    photo = tmp_path / "plakats.jpg"
    photo.write_bytes(phone_photo(size=(640, 480)))

    page.goto(f"{demo.url}/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
    expect(page.get_by_role("heading", level=2).first).to_have_text(CAMPAIGN)
    assert _dashboard(page) == {
        "total": "4 placements",
        "delivery": {
            "planned": "0",
            "sent": "4",
            "via_partner": "0",
            "delivered": "0",
            "returned": "0",
            "lost": "0",
            "refused": "0",
        },
        "display": {
            "unknown": "4",
            "displayed": "0",
            "not_displayed": "0",
            "removed": "0",
            "damaged": "0",
        },
        "rate": "0% 0 of 4 placements sent out were answered by the venue.",
    }
    data_url = _open_map(page, a11y)
    assert _map_legend(page) == {
        "not_reached": "(0)",
        "sent": "(4)",
        "delivered": "(0)",
        "displayed": "(0)",
        "not_displayed": "(0)",
    }
    assert _map_status(page, data_url, venue.pk) == "sent"

    # The venue's contact scans the QR code: no login, the venue's language, a phone screen.
    phone = open_page(viewport=PHONE, is_mobile=True, device_scale_factor=2)
    phone.goto(f"{demo.url}/c/{placement.token}/")
    a11y(phone)
    assert phone.get_attribute("html", "lang") == "lv"
    expect(phone.get_by_role("heading", level=1)).to_have_text(ANSWERING)
    expect(phone.locator(".public-materials li")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("#answer-displayed").check()
    phone.locator("#id_where").fill(WHERE)
    phone.locator("#id_photo").set_input_files(photo)
    screenshot(phone, "guide-confirm-phone", full_page=True)
    phone.locator("form.public-form button[type=submit]").click()
    phone.wait_for_url("**thanks=1**")
    a11y(phone)
    expect(phone.locator(".public-answer")).to_contain_text(WHERE)
    expect(phone.locator("[role=status]")).to_be_visible()

    confirmation = Confirmation.objects.get()
    assert (confirmation.placement_id, confirmation.answer, confirmation.where) == (
        placement.pk,
        "displayed",
        WHERE,
    )
    assert confirmation.photo is not None
    placement.refresh_from_db()
    assert (placement.delivery, placement.display, placement.evidence) == (
        "delivered",
        "displayed",
        "photo",
    )

    go(page, "Dashboard")
    page.wait_for_url(f"{demo.url}/")
    a11y(page)
    assert _dashboard(page) == {
        "total": "4 placements",
        "delivery": {
            "planned": "0",
            "sent": "3",
            "via_partner": "0",
            "delivered": "1",
            "returned": "0",
            "lost": "0",
            "refused": "0",
        },
        "display": {
            "unknown": "3",
            "displayed": "1",
            "not_displayed": "0",
            "removed": "0",
            "damaged": "0",
        },
        "rate": "25% 1 of 4 placements sent out were answered by the venue.",
    }
    expect(page.locator("#display-counts + p")).to_have_text("1 displayed with fresh evidence")
    screenshot(page, "guide-dashboard-after", full_page=True)

    data_url = _open_map(page, a11y)
    assert _map_legend(page) == {
        "not_reached": "(0)",
        "sent": "(3)",
        "delivered": "(0)",
        "displayed": "(1)",
        "not_displayed": "(0)",
    }
    assert _map_status(page, data_url, venue.pk) == "displayed"
    screenshot(page, "guide-map")
