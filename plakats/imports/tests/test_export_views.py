"""Export pages: every list, every role, the list's own filters, streamed row by row."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.imports.export_lists import EXPORTS
from plakats.materials import services as stock

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "regional", "viewer"]


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _url(what: str, fmt: str = "csv", query: str = "") -> str:
    url = reverse("imports:export", args=[what, fmt])
    return f"{url}?{query}" if query else url


@pytest.fixture
def data():
    """Two schools and a hostel, a placement at each, stock that moved."""
    rezekne, riga = factory.municipality("Rēzekne"), factory.municipality("Rīga")
    school = factory.make_venue(name="Rēzeknes 1. vidusskola", municipality=rezekne)
    other_school = factory.make_venue(name="Rīgas Valsts 1. ģimnāzija", municipality=riga)
    hostel = factory.make_venue(name="Hostelis Centrs", kind="hostel", municipality=riga)
    edition = factory.make_edition()
    office = factory.make_location(name="Riga office")
    latgale = factory.make_location(name="Store Latgale")
    stock.receive_print_run(edition, office, 100)
    stock.transfer(edition, office, latgale, 30)
    dispatch = factory.make_dispatch()
    placements = [
        factory.make_placement(dispatch=dispatch, venue=venue, edition=edition)
        for venue in (school, other_school, hostel)
    ]
    services.change_status(placements[0], Axis.DELIVERY, Delivery.SENT)
    return {"school": school, "hostel": hostel, "placements": placements, "dispatch": dispatch}


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_every_role_export_every_list(client_for, data, role):
    client = client_for(role)
    for what in EXPORTS:
        for fmt in ("csv", "xlsx"):
            response = client.get(_url(what, fmt))
            assert response.status_code == 200, (what, fmt)
            assert isinstance(response, StreamingHttpResponse)
            assert f".{fmt}" in response["Content-Disposition"]
            b"".join(response.streaming_content)


def test_it_sends_anonymous_users_to_login(client, data):
    response = client.get(_url("venues"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_user_without_a_role(client_for, data):
    assert client_for("none").get(_url("venues")).status_code == 403


def test_it_applies_the_lists_filters(client_for, data):
    rows = _rows(client_for("viewer").get(_url("venues", query="kind=school")))
    assert rows[0][:3] == ["id", "name", "kind"]
    assert [row[1] for row in rows[1:]] == ["Rēzeknes 1. vidusskola", "Rīgas Valsts 1. ģimnāzija"]
    assert {row[2] for row in rows[1:]} == {"school"}


def test_it_sorts_like_the_list(client_for, data):
    rows = _rows(client_for("viewer").get(_url("venues", query="sort=-name")))
    assert [row[1] for row in rows[1:]] == [
        "Rīgas Valsts 1. ģimnāzija",
        "Rēzeknes 1. vidusskola",
        "Hostelis Centrs",
    ]


def test_it_shows_only_active_venues_until_a_filter_is_chosen_like_the_list(client_for, data):
    data["hostel"].is_active = False
    data["hostel"].save()
    client = client_for("viewer")
    assert len(_rows(client.get(_url("venues")))) == 1 + 2
    assert len(_rows(client.get(_url("venues", query="active=")))) == 1 + 3


def test_it_exports_placements_of_one_region_with_their_statuses(client_for, data):
    latgale = factory.region("Latgales")
    rows = _rows(client_for("regional").get(_url("placements", query=f"region={latgale.pk}")))
    header, (row,) = rows[0], rows[1:]
    record = dict(zip(header, row, strict=True))
    assert record["code"] == data["placements"][0].code
    assert record["venue"] == "Rēzeknes 1. vidusskola"
    assert (record["delivery"], record["display"], record["evidence"]) == (
        "sent",
        "unknown",
        "none",
    )
    assert record["dispatch date"] == "2014-09-01"


def test_it_exports_the_events_of_the_filtered_placements(client_for, data):
    placement = data["placements"][0]
    services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)
    rows = _rows(client_for("viewer").get(_url("events", query=f"q={placement.code}")))
    assert [(row[2], row[6], row[7]) for row in rows[1:]] == [
        (placement.code, "planned", "sent"),
        (placement.code, "sent", "delivered"),
    ]
    rows = _rows(client_for("viewer").get(_url("events", query="axis=display")))
    assert rows[1:] == []


def test_it_exports_stock_on_hand_and_the_ledger(client_for, data):
    client = client_for("viewer")
    on_hand = _rows(client.get(_url("stock", query="sort=location")))
    assert [(row[5], row[6]) for row in on_hand[1:]] == [
        ("Riga office", "70"),
        ("Store Latgale", "30"),
    ]
    ledger = _rows(client.get(_url("ledger")))
    assert [row[8] for row in ledger[1:]] == ["100", "-30", "30"]


def test_it_sends_invalid_filters_back_to_the_list_with_a_message(client_for, data):
    response = client_for("viewer").get(_url("venues", query="kind=castle"), follow=True)
    assert response.redirect_chain[0][0] == reverse("venues:venue_list") + "?kind=castle"
    message = str(next(iter(response.context["messages"])))
    assert message.startswith("Nothing was exported. The filters are not valid: kind:")


def test_it_knows_only_its_lists_and_formats(client_for):
    client = client_for("viewer")
    assert client.get(_url("secrets")).status_code == 404
    assert client.get(_url("venues", "pdf")).status_code == 404


def test_it_reads_nothing_before_streaming_and_never_loads_the_whole_list(
    client_for, data, monkeypatch
):
    client = client_for("viewer")
    filled = []
    original = QuerySet._fetch_all

    def recording_fetch_all(queryset):
        filled.append(queryset.model.__name__)
        return original(queryset)

    monkeypatch.setattr(QuerySet, "_fetch_all", recording_fetch_all)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("placements"))
        before = [q["sql"] for q in queries.captured_queries]
        rows = _rows(response)
    assert not any("distribution_placement" in sql for sql in before)
    assert len(rows) == 1 + 3
    assert "Placement" not in filled


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


def test_it_runs_the_same_queries_for_3_rows_as_for_30(client_for):
    client = client_for("viewer")
    edition = factory.make_edition()
    campaign = factory.make_campaign()

    def grow(rows):
        for _ in range(rows):
            dispatch = factory.make_dispatch(campaign=campaign)
            placement = factory.make_placement(dispatch=dispatch, edition=edition)
            services.change_status(placement, Axis.DELIVERY, Delivery.SENT)

    urls = [_url(what, fmt) for what in EXPORTS for fmt in ("csv", "xlsx")]
    grow(3)
    small = [_count(client, url) for url in urls]
    grow(27)
    large = [_count(client, url) for url in urls]
    assert small == large


def test_it_gives_xlsx_with_the_same_rows(client_for, data):
    response = client_for("viewer").get(_url("venues", "xlsx", "kind=school"))
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Rēzeknes 1. vidusskola",
        "Rīgas Valsts 1. ģimnāzija",
    ]
    assert sheet.freeze_panes == "A2"


def test_it_offers_semicolon_csv(client_for, data):
    response = client_for("viewer").get(_url("venues", query="kind=hostel&sep=semicolon"))
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("\ufeffid;name;kind;")


def test_it_renders_links_that_keep_the_current_filters(client_for, data):
    response = client_for("viewer").get(
        reverse("imports:export_links", args=["venues"]) + "?kind=school&q=R%C4%ABga"
    )
    html = response.content.decode()
    assert 'href="/imports/export/venues.csv?kind=school&amp;q=R%C4%ABga"' in html
    assert 'href="/imports/export/venues.xlsx?kind=school&amp;q=R%C4%ABga"' in html
    assert "Export venues:" in html
    assert (
        client_for("viewer").get(reverse("imports:export_links", args=["nothing"])).status_code
        == 404
    )
