"""Every figure of the dashboard links to exactly the rows it counts (``dataset``'s campaign)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from plakats.distribution.models import PlacementEvent

from . import dataset


@pytest.fixture
def data(db):
    return dataset.build()


def _rows(client, link) -> list:
    response = client.get(link)
    assert response.status_code == 200
    return list(response.context["page_obj"].paginator.object_list)


def _names(client, link) -> list[str]:
    return sorted(v.name for v in _rows(client, link))


def _codes(client, link) -> set[str]:
    return {p.code for p in _rows(client, link)}


def _dashboard(client, data, **params):
    response = client.get(reverse("home"), {"campaign": data["campaign"].pk, **params})
    assert response.status_code == 200
    return response


def test_it_shows_the_figures_nationally(client_for, data):
    response = _dashboard(client_for("viewer"), data)
    html = response.content.decode()
    progress = {p.target.name: p.reached for p, _link in response.context["progress"]}
    assert progress == {"Schools reached": 4, "Placements displayed": 1, "Items sent": 11}
    assert "3 of 8 placements sent out were answered by the venue." in strip_tags(html)
    assert "38%" in html
    assert "Displayed = on display with evidence no older than 365 days." in html
    assert 'role="img"' in html and "<svg" in html


def test_its_links_list_exactly_the_counted_rows(client_for, data):
    client = client_for("viewer")
    p, v = data["placements"], data["venues"]
    response = _dashboard(client, data)
    [(_schools, link)] = [
        (prog, link)
        for prog, link in response.context["progress"]
        if prog.target.name == "Schools reached"
    ]
    assert _names(client, link) == ["S1", "S3", "S7", "S8"]
    delivery = {value: link for value, _label, _n, link in response.context["delivery"]}
    assert _codes(client, delivery["delivered"]) == {
        p[k].code for k in ("P1", "P3", "P4", "P6", "P7", "P9")
    }
    assert _codes(client, delivery["planned"]) == {p["P5"].code}
    assert _codes(client, response.context["confirmed_link"]) == {
        p[k].code for k in ("P3", "P4", "P5")
    }
    by_region = {
        row.label: (reached, total) for row, reached, total in response.context["by_region"]
    }
    reached, total = by_region[data["latgale"].name]
    assert _names(client, reached) == ["L1", "S1", "S3"]
    assert _names(client, total) == ["L1", "S1", "S2", "S3", "S4"]
    by_kind = {row.key: (reached, total) for row, reached, total in response.context["by_kind"]}
    assert _names(client, by_kind["school"][0]) == ["S1", "S3", "S8"]
    assert len(_names(client, by_kind["school"][1])) == 7
    assert v["S7"].name not in _names(client, by_kind["school"][1])


def test_its_regional_links_keep_to_the_region(client_for, data):
    client = client_for("regional")
    response = _dashboard(client, data, region=data["latgale"].pk)
    progress = {p.target.name: (p.reached, link) for p, link in response.context["progress"]}
    reached, link = progress["Schools reached"]
    assert reached == 2
    assert _names(client, link) == ["S1", "S3"]
    delivery = {value: (n, link) for value, _label, n, link in response.context["delivery"]}
    n, link = delivery["delivered"]
    assert n == 4  # P1, P3, P4, P9
    assert len(_codes(client, link)) == 4


def test_its_period_links_keep_to_the_period(client_for, data):
    p = data["placements"]
    # The dispatch is dated outside the period; only P2's and P1's changes fall inside it.
    data["dispatch"].planned_on = datetime(2013, 1, 1).date()
    data["dispatch"].save()
    for key, new in (("P2", "sent"), ("P1", "delivered")):
        PlacementEvent.objects.create(
            placement=p[key],
            axis="delivery",
            old_value="planned",
            new_value=new,
            source="staff",
            occurred_at=datetime(2014, 10, 1, 9, 0, tzinfo=UTC),
        )
    client = client_for("viewer")
    response = _dashboard(client, data, start="2014-09-29", end="2014-10-05")
    assert response.context["summary"]["total"] == 2
    delivery = {value: (n, link) for value, _label, n, link in response.context["delivery"]}
    assert delivery["sent"][0] == 1
    assert _codes(client, delivery["sent"][1]) == {p["P2"].code}
    assert _codes(client, response.context["placements_link"]) == {p["P1"].code, p["P2"].code}
    progress = {
        prog.target.name: (prog.reached, link) for prog, link in response.context["progress"]
    }
    reached, link = progress["Schools reached"]
    assert reached == 1  # S1 (P1 delivered); P2 was only sent
    assert _names(client, link) == ["S1"]
    by_region = {row.label: (row.reached, link) for row, link, _t in response.context["by_region"]}
    reached, link = by_region[data["latgale"].name]
    assert reached == 1
    assert _names(client, link) == ["S1"]


def test_it_refuses_a_period_that_ends_before_it_starts(client_for, data):
    response = _dashboard(client_for("viewer"), data, start="2014-10-05", end="2014-09-29")
    assert "The period cannot end before it starts." in response.content.decode()
