"""The attribution report on a hand-made set of contacts: per week by source with the
dispatch waves, per placement code, venue kind and region, topics per month; and the
summary the funder report uses."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.outreach import queries
from plakats.outreach.models import HeardFrom, Topic

pytestmark = pytest.mark.django_db

START, END = date(2015, 3, 2), date(2015, 3, 22)  # Monday 2 March to Sunday 22 March


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))  # Riga time


@pytest.fixture
def world():
    source = {h.name_en: h for h in HeardFrom.objects.all()}
    topic = {t.name_en: t for t in Topic.objects.all()}
    campaign = factory.make_campaign(name="Spring 2015")
    other = factory.make_campaign(name="Other campaign")
    latgale, kurzeme = factory.region("Latgal"), factory.region("Kurzem")
    school = factory.make_venue(
        name="Daugavpils school", municipality=factory.municipality("Daugavpils")
    )
    hostel = factory.make_venue(name="Riga hostel", kind="hostel")
    p1 = factory.make_placement(campaign=campaign, venue=school)
    p2 = factory.make_placement(campaign=campaign, venue=hostel)
    P1 = p1.code
    make = factory.make_hotline_contact
    make(
        occurred_at=_at(2015, 3, 3, 10),
        heard_from=source["Poster at school"],
        topics=[topic["Work abroad"]],
        region=latgale,
        placement=p1,
    )
    make(
        occurred_at=_at(2015, 3, 4, 12),
        heard_from=source["Poster at school"],
        topics=[topic["Work abroad"], topic["Sham marriage"]],
        placement=p1,
    )
    make(
        occurred_at=_at(2015, 3, 10, 9),
        heard_from=source["Website"],
        topics=[topic["Safe travel"]],
        region=kurzeme,
    )
    # Sunday 23:30 in Riga is still the week of 9 March (21:30 UTC).
    make(occurred_at=_at(2015, 3, 15, 23, 30), topics=[topic["Sham marriage"]], placement=p2)
    # Monday 00:30 in Riga is the week of 16 March although it is still Sunday in UTC.
    make(
        occurred_at=_at(2015, 3, 16, 0, 30),
        heard_from=source["Poster at school"],
        topics=[topic["Work abroad"]],
        region=latgale,
        placement=p1,
    )
    # Outside the period on both sides.
    make(
        occurred_at=_at(2015, 3, 1, 23),
        heard_from=source["Poster at school"],
        topics=[topic["Other"]],
    )
    make(occurred_at=_at(2015, 3, 23, 0, 10), heard_from=source["Website"], topics=[topic["Other"]])

    factory.make_dispatch(campaign=campaign, name="Schools wave 2", planned_on=date(2015, 3, 10))
    factory.make_dispatch(campaign=campaign, name="Too late", planned_on=date(2015, 3, 25))
    factory.make_dispatch(campaign=other, name="Other wave", planned_on=date(2015, 3, 3))

    factory.make_outreach_event(campaign=campaign, date=date(2015, 3, 5), participants=30)
    factory.make_outreach_event(campaign=campaign, date=date(2015, 3, 20), participants=25)
    factory.make_outreach_event(campaign=campaign, date=date(2015, 4, 1), participants=99)
    factory.make_outreach_event(campaign=other, date=date(2015, 3, 6), participants=40)
    return {"campaign": campaign, "p1": P1, "p2": p2.code}


def _column(report, label: str) -> list[int]:
    i = report.sources.index(label)
    return [week.counts[i] for week in report.weeks]


def test_it_counts_contacts_per_week_by_source(world):
    report = queries.hotline_report(START, END)

    assert [w.start for w in report.weeks] == [
        date(2015, 3, 2),
        date(2015, 3, 9),
        date(2015, 3, 16),
    ]
    assert report.sources[-1] == "not said"
    assert _column(report, "Poster at school") == [2, 0, 1]
    assert _column(report, "Website") == [0, 1, 0]
    assert _column(report, "not said") == [0, 1, 0]
    assert [w.total for w in report.weeks] == [2, 2, 1]
    assert report.total == 5


def test_it_marks_the_dispatch_waves_of_the_campaign(world):
    every = queries.hotline_report(START, END)
    assert [w.waves for w in every.weeks] == [["Other wave"], ["Schools wave 2"], []]

    own = queries.hotline_report(START, END, world["campaign"])
    assert [w.waves for w in own.weeks] == [[], ["Schools wave 2"], []]


def test_it_counts_contacts_per_code_kind_and_region(world):
    report = queries.hotline_report(START, END)

    assert [(r["placement__code"], r["n"]) for r in report.by_code] == [
        (world["p1"], 3),
        (world["p2"], 1),
    ]
    assert report.by_code[0]["placement__venue__name"] == "Daugavpils school"
    assert dict(report.by_kind) == {"school": 3, "hostel": 1, "no placement code": 1}
    assert report.by_kind[0] == ("school", 3)
    assert dict(report.by_region) == {
        factory.region("Latgal").name: 2,
        factory.region("Kurzem").name: 1,
        "not said": 2,
    }


def test_it_counts_topics_per_month(world):
    report = queries.hotline_report(START, END)

    assert [month for month, _counts in report.topic_months] == [date(2015, 3, 1)]
    counts = dict(zip(report.topic_labels, report.topic_months[0][1], strict=True))
    assert counts == {
        "Sham marriage": 2,
        "Work abroad": 3,
        "Safe travel": 1,
        "Labour exploitation": 0,
        "Sexual exploitation": 0,
        "Other": 0,
    }


def test_it_sums_up_a_campaign_for_the_funder_report(world):
    summary = queries.report_summary(world["campaign"], START, END)

    assert summary["contacts"] == 5
    by_source = dict(summary["contacts_by_source"])
    assert by_source["Poster at school"] == 3
    assert by_source["Website"] == 1
    assert by_source["not said"] == 1
    assert by_source["Hostel"] == 0
    assert sum(by_source.values()) == 5
    assert summary["contacts_with_code"] == 4
    assert summary["events"] == 2
    assert summary["participants"] == 55


def test_it_defaults_to_the_campaign_period(world):
    summary = queries.report_summary(world["campaign"])
    # Campaign 2014-01-01 to 2015-12-31: every contact above, and three of its events.
    assert summary["contacts"] == 7
    assert summary["events"] == 3
    assert summary["participants"] == 30 + 25 + 99


def test_the_page_shows_the_chart_and_its_data_table(client_for, world):
    url = reverse("outreach:hotline_report") + "?start=2015-03-02&end=2015-03-22"
    page = client_for("viewer").get(url).content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title>" in svg
    assert "style=" not in svg and "<style" not in svg  # strict CSP
    table = page[page.index('id="weekly-table"') :]
    assert "<td>2015-03-09</td>" in table
    assert "Schools wave 2" in table
    assert world["p1"] in page
