"""The distribution flow end to end, as a coordinator and 30 venues would live it.

Select 30 schools in two regions (Latgale 18, Kurzeme 12, plus 5 schools in
Rīga that the filter must leave out) → dispatch 2 posters each from the Riga
office, which holds 100 → print pack → mark sent → 20 venues answer through the
public page (12 "put up", 5 "received but not put up", 3 "not received") → the
follow-up list 30 days later holds exactly the 10 that never answered.

Expected figures, by hand: 30 placements, stock 100 - 60 = 40; events per
answer: "put up" = delivery + evidence + display + evidence = 4, "not put up" =
the same 4, "not received" = 1 evidence event; 30 "sent" events from the bulk
step.
"""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from plakats.core.tests import factory
from plakats.distribution.choices import Answer, Delivery, Display, Evidence, Source
from plakats.distribution.models import Dispatch, Placement, PlacementEvent
from plakats.distribution.services.reminders import followup_placements
from plakats.materials import services as stock

pytestmark = pytest.mark.django_db

LATGALE = ["Rēzekne", "Daugavpils", "Ludzas novads"]
KURZEME = ["Liepāja", "Ventspils", "Kuldīgas novads"]


@pytest.fixture
def schools():
    venues = []
    for index in range(18):
        muni = factory.municipality(LATGALE[index % 3])
        venues.append(
            factory.make_venue(
                name=f"Ābeļu skola Nr. {index + 1}",
                municipality=muni,
                address=f"Ķiršu iela {index + 1}, {muni.name}",
                postal_code=f"LV-{4600 + index}",
            )
        )
    for index in range(12):
        muni = factory.municipality(KURZEME[index % 3])
        venues.append(
            factory.make_venue(
                name=f"Jūras skola Nr. {index + 1}",
                municipality=muni,
                address=f"Ostas iela {index + 1}, {muni.name}",
                postal_code=f"LV-{3400 + index}",
            )
        )
    for index in range(5):
        factory.make_venue(name=f"Rīgas skola Nr. {index + 1}")
    return venues


def test_it_runs_from_selection_to_follow_up(schools, client_for, settings):
    settings.PLAKATS_BASE_URL = "https://plakats.example.org"
    today = timezone.localdate()
    campaign = factory.make_campaign(
        name="Drošs darbs",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
    )
    edition = factory.make_edition(material=factory.make_material(name="A2 plakāts: Drošs darbs"))
    office = factory.make_location(name="Rīgas birojs")
    stock.receive_print_run(edition, office, 100)
    latgale, kurzeme = factory.region("Latgales"), factory.region("Kurzemes")
    coordinator = client_for("coordinator")

    # 1. Select the schools of two regions and create the dispatch.
    url = reverse("distribution:dispatch_create") + f"?kind=school&region={latgale.pk}"
    url_kurzeme = reverse("distribution:dispatch_create") + f"?kind=school&region={kurzeme.pk}"
    data = {
        "campaign": campaign.pk,
        "channel": "post",
        "planned_on": str(today - timedelta(days=31)),
        "stock_location": office.pk,
        "edition": edition.pk,
        "note": "",
        "action": "create",
        "kind-school": 2,
    }
    for target_url, count, name in ((url, 18, "Latgale"), (url_kurzeme, 12, "Kurzeme")):
        response = coordinator.post(
            target_url, {**data, "name": f"Skolas: {name}", "expected_count": count}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    placements = list(Placement.objects.select_related("venue").order_by("venue__name"))
    assert len(placements) == 30
    assert {p.venue.name for p in placements} == {v.name for v in schools}
    assert stock.on_hand(edition, office) == 100 - 30 * 2

    # 2. The print packs: labels carry the addresses with diacritics, letters the links.
    for dispatch in Dispatch.objects.all():
        response = coordinator.get(
            reverse("distribution:print_pack", args=[dispatch.pk]),
            {"layout": "3x8", "labels": 1, "letters": 1},
        )
        assert response["Content-Type"] == "application/pdf"
        pdf = PdfReader(
            io.BytesIO(
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        )
        text = "\n".join(page.extract_text() for page in pdf.pages)
        for placement in dispatch.placements.select_related("venue"):
            assert placement.venue.name in text
            assert placement.venue.address.split(",")[0] in text
            assert placement.code in text
        links = [
            annotation.get_object()["/A"]["/URI"]
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()
        ]
        tokens = {p.token for p in dispatch.placements.all()}
        assert {link.rsplit("/", 2)[-2] for link in links} == tokens
        assert all(link.startswith("https://plakats.example.org/c/") for link in links)

    # 3. Each dispatch goes out in one bulk step.
    for dispatch in Dispatch.objects.all():
        coordinator.post(
            reverse("distribution:dispatch_status", args=[dispatch.pk]), {"step": "delivery:sent"}
        )
    assert set(Placement.objects.values_list("delivery", flat=True)) == {Delivery.SENT}

    # 4. Twenty venues answer through the public page, without an account.
    public = client_for(None)
    answers = [Answer.DISPLAYED] * 12 + [Answer.NOT_DISPLAYED] * 5 + [Answer.NOT_RECEIVED] * 3
    for placement, answer in zip(placements, answers, strict=False):
        response = public.post(
            reverse("confirm", args=[placement.token]) + "?lang=en",
            {"answer": answer, "where": "Pie ieejas", "reason": "Nav vietas"},
        )
        assert response.status_code in (200, 302)

    answered = {p.pk: a for p, a in zip(placements, answers, strict=False)}
    for placement in Placement.objects.filter(pk__in=answered):
        answer = answered[placement.pk]
        if answer == Answer.DISPLAYED:
            assert (placement.delivery, placement.display) == (
                Delivery.DELIVERED,
                Display.DISPLAYED,
            )
            assert placement.location_note == "Pie ieejas"
        elif answer == Answer.NOT_DISPLAYED:
            assert (placement.delivery, placement.display) == (
                Delivery.DELIVERED,
                Display.NOT_DISPLAYED,
            )
        else:
            assert (placement.delivery, placement.display) == (Delivery.SENT, Display.UNKNOWN)
        assert placement.evidence == Evidence.VENUE

    venue_events = PlacementEvent.objects.filter(source=Source.VENUE)
    assert venue_events.count() == 12 * 4 + 5 * 4 + 3 * 1
    assert PlacementEvent.objects.filter(new_value=Delivery.SENT).count() == 30

    # 5. Stock is as it was after the dispatch; the follow-up list holds the silent ten.
    assert stock.on_hand(edition, office) == 40
    silent = {p.pk for p in placements[20:]}
    in_30_days = timezone.now() + timedelta(days=30)
    listed = followup_placements(21, now=in_30_days).values_list("pk", flat=True)
    assert set(listed) == silent
    assert set(followup_placements(31, now=in_30_days).values_list("pk", flat=True)) == set()
    assert set(followup_placements(21).values_list("pk", flat=True)) == set()
