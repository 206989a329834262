"""The follow-up list: venues with placements sent N days ago that never answered."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Answer, Axis, Delivery, Display, Evidence, Source
from plakats.distribution.models import Confirmation, Reminder

pytestmark = pytest.mark.django_db

LIST = reverse("distribution:followup_list")


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def _sent(venue, days: int, **kwargs):
    """A placement at ``venue`` marked sent ``days`` days ago by staff."""
    placement = factory.make_placement(venue=venue, **kwargs)
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT, occurred_at=_days_ago(days))
    return placement


def _venue_names(response) -> list[str]:
    assert response.status_code == 200
    return [venue.name for venue in response.context["object_list"]]


def _hand_made_set():
    """Eight venues, one situation each; the comment says whether it is due with N=21."""
    v = {name: factory.make_venue(name=name) for name in "ABCDEFGH"}
    _sent(v["A"], 30)  # sent long ago, no answer: due
    answered = _sent(v["B"], 30)  # the venue confirmed it: not due
    services.change_status(answered, Axis.DELIVERY, Delivery.DELIVERED, source=Source.VENUE)
    confirmed = _sent(v["C"], 30)  # a public confirmation exists: not due
    Confirmation.objects.create(placement=confirmed, answer=Answer.NOT_RECEIVED)
    _sent(v["D"], 5)  # sent recently: due only from N=5 down
    by_staff = _sent(v["E"], 30)  # delivered by staff, display unknown: due
    services.change_status(by_staff, Axis.DELIVERY, Delivery.DELIVERED, occurred_at=_days_ago(2))
    seen = _sent(v["F"], 30)  # staff saw it up: not due
    services.change_status(seen, Axis.DELIVERY, Delivery.DELIVERED)
    services.change_status(seen, Axis.DISPLAY, Display.DISPLAYED, source=Source.VISIT)
    factory.make_placement(venue=v["G"])  # only planned: not due
    v["H"].is_active = False  # closed venue: not due
    v["H"].save()
    _sent(v["H"], 30)
    return v


def test_it_lists_only_what_was_sent_long_ago_and_never_answered(client_for):
    _hand_made_set()
    client = client_for("viewer")

    assert _venue_names(client.get(LIST)) == ["A", "E"]
    assert _venue_names(client.get(LIST, {"days": 21})) == ["A", "E"]
    assert _venue_names(client.get(LIST, {"days": 3, "sort": "venue"})) == ["A", "D", "E"]


def test_it_counts_from_the_sending_not_from_a_later_delivery(client_for):
    venue = factory.make_venue(name="Aglonas vidusskola")
    placement = _sent(venue, 30)
    services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)

    response = client_for("coordinator").get(LIST)

    [row] = response.context["object_list"]
    assert timezone.localdate(row.first_sent) == timezone.localdate(_days_ago(30))
    assert placement.code in response.text


def test_it_takes_a_venues_evidence_as_an_answer(client_for):
    venue = factory.make_venue(name="Answered by phone to the venue form")
    placement = _sent(venue, 30)
    services.record_evidence(placement, Evidence.VENUE, source=Source.STAFF)

    assert _venue_names(client_for("coordinator").get(LIST)) == []


def test_it_shows_a_venue_once_with_all_its_unanswered_codes(client_for):
    venue = factory.make_venue(
        name="Rēzeknes tehnikums",
        contact_name="Ilze Bērziņa",
        email="info@rtech.example",
        phone="+371 64600000",
        municipality=factory.municipality("Rēzekne"),
    )
    placements = [_sent(venue, days) for days in (40, 30, 25)]

    response = client_for("coordinator").get(LIST)

    [row] = response.context["object_list"]
    assert [p.code for p in row.due_placements] == [p.code for p in placements]
    assert timezone.localdate(row.first_sent) == timezone.localdate(_days_ago(40))
    for text in ("Ilze Bērziņa", "info@rtech.example", "+371 64600000", "Latgales"):
        assert text in response.text


def test_it_shows_the_last_reminder(client_for):
    venue = factory.make_venue(name="Reminded", email="a@example.org")
    _sent(venue, 30)
    reminder = Reminder.objects.create(venue=venue, email=venue.email)
    Reminder.objects.filter(pk=reminder.pk).update(queued_at=_days_ago(9))

    response = client_for("coordinator").get(LIST)

    [row] = response.context["object_list"]
    assert timezone.localdate(row.last_reminder_at) == timezone.localdate(_days_ago(9))
    assert "queued" in response.text


def test_it_filters_by_campaign_dispatch_region_and_kind(client_for):
    school = factory.make_venue(
        name="School in Rēzekne", municipality=factory.municipality("Rēzekne")
    )
    hostel = factory.make_venue(
        name="Hostel in Liepāja", kind="hostel", municipality=factory.municipality("Liepāja")
    )
    dispatch = factory.make_dispatch()
    _sent(school, 30, dispatch=dispatch)
    _sent(hostel, 30)
    client = client_for("coordinator")

    def names(**query):
        return _venue_names(client.get(LIST, query))

    assert names(sort="venue") == ["Hostel in Liepāja", "School in Rēzekne"]
    assert names(campaign=dispatch.campaign_id) == ["School in Rēzekne"]
    assert names(dispatch=dispatch.pk) == ["School in Rēzekne"]
    assert names(region=factory.region("Kurzemes").pk) == ["Hostel in Liepāja"]
    assert names(kind="hostel") == ["Hostel in Liepāja"]
    assert names(kind="school", region=factory.region("Kurzemes").pk) == []


def test_it_defaults_to_the_setting_and_falls_back_to_it_on_a_bad_value(client_for, settings):
    _hand_made_set()
    client = client_for("coordinator")

    response = client.get(LIST, {"days": "-4"})
    assert _venue_names(response) == ["A", "E"]
    assert response.context["filter"].form.errors["days"]
    assert _venue_names(client.get(LIST, {"days": "soon"})) == ["A", "E"]

    settings.PLAKATS_FOLLOWUP_AFTER_DAYS = 3
    assert _venue_names(client.get(LIST, {"sort": "venue"})) == ["A", "D", "E"]


def _grow(rows: int) -> None:
    edition = factory.make_edition()
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    for i in range(rows):
        venue = factory.make_venue(municipality=municipalities[i % 3], email=f"v{i}@example.org")
        for days in (30, 25):
            _sent(venue, days, edition=edition)
        Reminder.objects.create(venue=venue, email=venue.email)


@pytest.mark.parametrize("role", ["coordinator", "regional", "viewer"])
def test_it_keeps_the_list_at_a_fixed_query_count(client_for, role):
    client = client_for(role)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"days": 1})
        assert response.status_code == 200
        return len(queries)

    _grow(3)
    small = count()
    _grow(27)
    large = count()

    assert len(client.get(LIST, {"days": 1}).context["object_list"]) == 30
    assert small == large


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_the_filtered_list_as_csv(client_for):
    school = factory.make_venue(
        name="Daugavpils 3. vidusskola",
        contact_name="Anna Kalniņa",
        email="skola@example.org",
        phone="65400000",
        municipality=factory.municipality("Daugavpils"),
    )
    first, second = _sent(school, 30), _sent(school, 28)
    _sent(factory.make_venue(name="Too recent"), 2)
    reminder = Reminder.objects.create(venue=school, email=school.email)
    Reminder.objects.filter(pk=reminder.pk).update(queued_at=_days_ago(10))

    url = reverse("distribution:followup_export", args=["csv"])
    rows = _csv_rows(client_for("viewer").get(url))

    assert rows == [
        [
            "Venue",
            "Kind",
            "Municipality",
            "Region",
            "Contact person",
            "E-mail",
            "Phone",
            "Placements",
            "Sent",
            "Last reminder",
        ],
        [
            "Daugavpils 3. vidusskola",
            "school",
            "Daugavpils",
            "Latgales plānošanas reģions",
            "Anna Kalniņa",
            "skola@example.org",
            "65400000",
            f"{first.code} {second.code}",
            timezone.localdate(_days_ago(30)).isoformat(),
            timezone.localdate(_days_ago(10)).isoformat(),
        ],
    ]


def test_it_neutralises_formulas_in_the_export(client_for):
    _sent(factory.make_venue(name='=HYPERLINK("http://evil.example")'), 30)

    url = reverse("distribution:followup_export", args=["csv"])
    rows = _csv_rows(client_for("coordinator").get(url, {"days": 21}))

    assert len(rows) == 2
    assert not rows[1][0].startswith("=")
    assert "HYPERLINK" in rows[1][0]


def test_it_refuses_an_unknown_export_format(client_for):
    url = reverse("distribution:followup_export", args=["pdf"])
    assert client_for("coordinator").get(url).status_code == 404


def test_it_exports_the_list_as_xlsx_with_real_dates(client_for):
    venue = factory.make_venue(name="Hostel Riga", kind="hostel", email="h@example.org")
    placement = _sent(venue, 30)

    url = reverse("distribution:followup_export", args=["xlsx"])
    response = client_for("coordinator").get(url)

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Venue", "Kind")
    assert rows[1][:3] == ("Hostel Riga", "hostel", "Rīga")
    assert rows[1][7] == placement.code
    assert rows[1][8].date() == timezone.localdate(_days_ago(30))
    assert len(rows) == 2


def test_it_exports_nothing_with_a_bad_filter(client_for):
    _sent(factory.make_venue(), 30)

    url = reverse("distribution:followup_export", args=["csv"])
    response = client_for("coordinator").get(url, {"days": "-3"}, follow=True)

    assert response.redirect_chain[-1][0] == LIST + "?days=-3"
    assert [str(m) for m in response.context["messages"]] == [
        "Correct the filter first; nothing was exported."
    ]
