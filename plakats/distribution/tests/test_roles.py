"""Who may change what: viewers change nothing, regional consultants only their regions."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.models import Campaign, Dispatch, Placement, PlacementEvent, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    campaign = factory.make_campaign(name="Safe work 2014")
    target = factory.make_target(campaign=campaign, name="Schools")
    dispatch = factory.make_dispatch(campaign=campaign)
    latgale = factory.make_placement(
        dispatch=dispatch, venue=factory.make_venue(municipality=factory.municipality("Rēzekne"))
    )
    kurzeme = factory.make_placement(
        dispatch=dispatch, venue=factory.make_venue(municipality=factory.municipality("Liepāja"))
    )
    batch, _moved, _refused = services.bulk_change_status(
        [latgale, kurzeme], Axis.DELIVERY, Delivery.SENT
    )
    return {
        "campaign": campaign,
        "target": target,
        "dispatch": dispatch,
        "latgale": latgale,
        "kurzeme": kurzeme,
        "batch": batch,
    }


def _writes(world) -> list[tuple[str, str, dict]]:
    """Every write the app offers: (method, url, data)."""
    c, t, d, p = world["campaign"], world["target"], world["dispatch"], world["latgale"]
    campaign_data = {"name": "X", "starts_on": "2014-01-01", "ends_on": "2014-12-31"}
    return [
        ("get", reverse("distribution:campaign_create"), {}),
        ("post", reverse("distribution:campaign_create"), campaign_data),
        ("get", reverse("distribution:campaign_edit", args=[c.pk]), {}),
        ("post", reverse("distribution:campaign_edit", args=[c.pk]), campaign_data),
        ("get", reverse("distribution:target_create", args=[c.pk]), {}),
        (
            "post",
            reverse("distribution:target_create", args=[c.pk]),
            {"name": "Y", "measure": "venues", "min_reach": "delivered", "goal": 3},
        ),
        ("get", reverse("distribution:target_edit", args=[t.pk]), {}),
        (
            "post",
            reverse("distribution:target_edit", args=[t.pk]),
            {"name": "Y", "measure": "venues", "min_reach": "delivered", "goal": 3},
        ),
        ("get", reverse("distribution:target_delete", args=[t.pk]), {}),
        ("post", reverse("distribution:target_delete", args=[t.pk]), {}),
        ("get", reverse("distribution:dispatch_create"), {}),
        ("post", reverse("distribution:dispatch_create"), {"name": "Z"}),
        (
            "post",
            reverse("distribution:dispatch_status", args=[d.pk]),
            {"step": "delivery:delivered"},
        ),
        ("get", reverse("distribution:placement_create"), {}),
        (
            "post",
            reverse("distribution:placement_create"),
            {"campaign": c.pk, "venue": p.venue_id, "edition": p.edition_id, "quantity": 1},
        ),
        (
            "post",
            reverse("distribution:placement_bulk_status"),
            {"step": "delivery:delivered", "source": "staff", "scope": "all"},
        ),
        ("post", reverse("distribution:step_undo"), {"batch": str(world["batch"])}),
        ("get", reverse("distribution:placement_edit", args=[p.pk]), {}),
        (
            "post",
            reverse("distribution:placement_edit", args=[p.pk]),
            {"edition": p.edition_id, "quantity": 9},
        ),
        (
            "post",
            reverse("distribution:placement_status", args=[p.pk, "delivery"]),
            {"delivery-new": "delivered", "delivery-source": "staff"},
        ),
        (
            "post",
            reverse("distribution:placement_status", args=[p.pk, "evidence"]),
            {"evidence-new": "photo", "evidence-source": "staff"},
        ),
    ]


def _snapshot():
    return (
        Campaign.objects.count(),
        Target.objects.count(),
        Dispatch.objects.count(),
        sorted(Placement.objects.values_list("pk", "delivery", "evidence", "quantity")),
        PlacementEvent.objects.count(),
    )


def test_it_refuses_every_write_to_a_viewer(world, client_for):
    client = client_for("viewer")
    before = _snapshot()

    for method, url, data in _writes(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, f"{method} {url}"

    assert _snapshot() == before


def test_it_refuses_a_user_without_a_role_even_the_lists(world, client_for):
    client = client_for("none")

    for name in ("campaign_list", "dispatch_list", "placement_list"):
        assert client.get(reverse(f"distribution:{name}")).status_code == 403


def test_it_lets_a_viewer_read_every_page(world, client_for):
    client = client_for("viewer")
    urls = [
        reverse("distribution:campaign_list"),
        world["campaign"].get_absolute_url(),
        reverse("distribution:dispatch_list"),
        world["dispatch"].get_absolute_url(),
        reverse("distribution:placement_list"),
        world["latgale"].get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Undo this step" not in response.content.decode()
        assert 'name="selected"' not in response.content.decode()


def test_it_keeps_campaigns_targets_and_dispatches_for_coordinators(world, client_for):
    client = client_for("regional")
    coordinator_only = [
        w
        for w in _writes(world)
        if "/campaigns/" in w[1] or "/targets/" in w[1] or w[1].endswith("/dispatches/new/")
    ]
    before = _snapshot()

    for method, url, data in coordinator_only:
        assert getattr(client, method)(url, data).status_code == 403, f"{method} {url}"

    assert len(coordinator_only) == 12
    assert _snapshot() == before


def test_it_refuses_a_regional_consultant_a_placement_outside_its_regions(world, client_for):
    client = client_for("regional")
    kurzeme = world["kurzeme"]

    status = client.post(
        reverse("distribution:placement_status", args=[kurzeme.pk, "delivery"]),
        {"delivery-new": "delivered", "delivery-source": "visit"},
    )
    edit = client.post(
        reverse("distribution:placement_edit", args=[kurzeme.pk]),
        {"edition": kurzeme.edition_id, "quantity": 9},
    )

    assert (status.status_code, edit.status_code) == (403, 403)
    kurzeme.refresh_from_db()
    assert (kurzeme.delivery, kurzeme.quantity) == ("sent", 1)


def test_it_lets_a_regional_consultant_change_a_placement_in_its_region(world, client_for):
    client = client_for("regional")
    latgale = world["latgale"]

    status = client.post(
        reverse("distribution:placement_status", args=[latgale.pk, "delivery"]),
        {"delivery-new": "delivered", "delivery-source": "visit"},
    )
    edit = client.post(
        reverse("distribution:placement_edit", args=[latgale.pk]),
        {
            "edition": latgale.edition_id,
            "quantity": latgale.quantity,
            "location_note": "by the door",
        },
    )

    assert (status.status_code, edit.status_code) == (302, 302)
    latgale.refresh_from_db()
    assert (latgale.delivery, latgale.evidence, latgale.location_note) == (
        "delivered",
        "visit",
        "by the door",
    )


def test_it_shows_a_regional_consultant_the_forms_only_in_its_region(world, client_for):
    client = client_for("regional")

    inside = client.get(world["latgale"].get_absolute_url()).content.decode()
    outside = client.get(world["kurzeme"].get_absolute_url()).content.decode()

    assert "Change delivery" in inside
    assert "Change delivery" not in outside


def test_it_changes_only_a_regional_consultants_placements_on_the_dispatch(world, client_for):
    response = client_for("regional").post(
        reverse("distribution:dispatch_status", args=[world["dispatch"].pk]),
        {"step": "delivery:delivered"},
        follow=True,
    )

    assert Placement.objects.get(pk=world["latgale"].pk).delivery == "delivered"
    assert Placement.objects.get(pk=world["kurzeme"].pk).delivery == "sent"
    assert "1 placement is outside your regions" in response.content.decode()


def test_it_refuses_a_regional_consultant_to_undo_a_step_outside_its_regions(world, client_for):
    response = client_for("regional").post(
        reverse("distribution:step_undo"), {"batch": str(world["batch"])}
    )

    assert response.status_code == 403
    assert set(Placement.objects.values_list("delivery", flat=True)) == {"sent"}


def test_it_refuses_a_regional_consultant_a_new_placement_outside_its_regions(world, client_for):
    kurzeme = world["kurzeme"]

    response = client_for("regional").post(
        reverse("distribution:placement_create"),
        {
            "campaign": world["campaign"].pk,
            "venue": kurzeme.venue_id,
            "edition": kurzeme.edition_id,
            "quantity": 1,
        },
    )

    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert Placement.objects.count() == 2
