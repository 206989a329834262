"""Refused recall steps change nothing and say why."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution.choices import Channel
from plakats.distribution.models import Dispatch, Placement, Recall, RecallLine
from plakats.distribution.services import recall as services
from plakats.materials import services as stock
from plakats.materials.models import StockMovement

from . import recall_world

pytestmark = pytest.mark.django_db


def _snapshot(*editions):
    rows = []
    for edition in editions:
        edition.refresh_from_db()
        rows.append((edition.supersedes_id, edition.superseded_on, edition.withdrawn_on))
    return rows, Recall.objects.count(), RecallLine.objects.count()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        # The form offers only the material's other editions.
        ("itself", "Choose another edition of the same material."),
        ("other_material", "Choose another edition of the same material."),
        ("other_language", "The replacement must be in the same language (Latvian)"),
        ("retired_successor", "is itself outdated; choose a current edition."),
        ("no_reason", "Say why the edition is taken off the walls."),
    ],
)
def test_it_refuses_a_bad_supersede_and_changes_nothing(client_for, case, message):
    world = recall_world.build()
    old, new = world["old"], world["new"]
    successor = {
        "itself": old,
        "other_material": factory.make_edition(),
        "other_language": factory.make_edition(material=old.material, language="ru"),
        "retired_successor": new,
        "no_reason": new,
    }[case]
    if case == "retired_successor":
        services.withdraw_edition(new, reason="Printed with a typo")
    before = _snapshot(old, successor)

    response = client_for("coordinator").post(
        reverse("distribution:edition_supersede", args=[old.pk]),
        {
            "successor": successor.pk,
            "reason": "" if case == "no_reason" else "New hotline number",
            "effective_on": "2015-03-01",
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot(old, successor) == before


def test_the_service_refuses_itself_and_another_material_too():
    world = recall_world.build()

    with pytest.raises(DomainError, match="cannot be replaced by itself"):
        services.supersede_edition(world["old"], world["old"], reason="New number")
    with pytest.raises(DomainError, match="edition of the same material"):
        services.supersede_edition(world["old"], factory.make_edition(), reason="New number")
    assert Recall.objects.count() == 0


def test_it_refuses_to_supersede_an_edition_twice():
    world = recall_world.build()
    services.supersede_edition(world["old"], world["new"], reason="New number")
    third = factory.make_edition(material=world["old"].material)

    with pytest.raises(DomainError, match="has already been replaced"):
        services.supersede_edition(world["old"], third, reason="Again")
    with pytest.raises(DomainError, match="has already been replaced"):
        services.withdraw_edition(world["old"], reason="Again")
    assert Recall.objects.count() == 1


def test_it_confirms_a_successor_declared_on_the_edition_form_but_refuses_another():
    material = factory.make_material()
    old = factory.make_edition(material=material)
    declared = factory.make_edition(material=material, supersedes=old)
    other = factory.make_edition(material=material)

    with pytest.raises(DomainError, match="already marked as replaced by"):
        services.supersede_edition(old, other, reason="New number")
    recall = services.supersede_edition(old, declared, reason="New number")

    assert recall.successor == declared


def test_it_refuses_a_replacement_with_short_stock_and_takes_nothing(client_for):
    world = recall_world.build()
    recall = services.supersede_edition(world["old"], world["new"], reason="New number")
    stock.receive_print_run(world["new"], world["location"], 7)  # 8 are needed
    movements = StockMovement.objects.count()

    response = client_for("coordinator").post(
        reverse("distribution:recall_replace", args=[recall.pk]),
        {
            "campaign": world["campaign"].pk,
            "channel": Channel.POST,
            "stock_location": world["location"].pk,
            "planned_on": "2015-03-02",
        },
    )

    assert response.status_code == 400
    assert "7" in response.context["form"].errors["__all__"][0]
    assert Placement.objects.filter(edition=world["new"]).count() == 0
    assert Dispatch.objects.filter(campaign=world["campaign"]).count() == 0
    assert not RecallLine.objects.filter(new_placement__isnull=False).exists()
    assert StockMovement.objects.count() == movements
    assert stock.on_hand(world["new"], world["location"]) == 7


@pytest.mark.parametrize("case", ["no_location", "withdrawn", "closed", "all_replaced"])
def test_it_refuses_a_replacement_that_makes_no_sense(case):
    world = recall_world.build()
    stock.receive_print_run(world["new"], world["location"], 100)
    if case == "withdrawn":
        recall = services.withdraw_edition(world["old"], reason="Partner left")
    else:
        recall = services.supersede_edition(world["old"], world["new"], reason="New number")
    kwargs = {"campaign": world["campaign"], "planned_on": date(2015, 3, 2)}
    if case != "no_location":
        kwargs["stock_location"] = world["location"]
    if case == "closed":
        services.close_recall(recall)
    if case == "all_replaced":
        services.create_replacement_dispatch(recall, **kwargs)
    placements = Placement.objects.count()

    expected = {
        "no_location": "Choose the stock location",
        "withdrawn": "A withdrawn edition has no replacement to send.",
        "closed": "This recall is closed.",
        "all_replaced": "Every venue still showing this edition has its replacement.",
    }[case]
    with pytest.raises(DomainError, match=expected):
        services.create_replacement_dispatch(recall, **kwargs)
    assert Placement.objects.count() == placements
