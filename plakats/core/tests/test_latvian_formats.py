"""Dates and figures in Latvian format when Latvian is active, in English format otherwise.

Latvians write a short date with a closing dot ("29.11.2026.") and group
thousands with a (non-breaking) space ("1 395"); the English UI keeps the
day-first date without the dot and a comma ("1,395").
"""

from datetime import date, datetime, timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, timezone, translation

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery

NBSP = "\xa0"
DAY = date(2026, 11, 29)


def test_it_writes_latvian_dates_with_the_closing_dot():
    with translation.override("lv"):
        short = formats.date_format(DAY, "SHORT_DATE_FORMAT")
        long = formats.date_format(DAY, "DATE_FORMAT")
        moment = formats.date_format(datetime(2026, 11, 29, 9, 5), "SHORT_DATETIME_FORMAT")

    assert short == "29.11.2026."
    assert long == "2026. gada 29. novembris"
    assert moment == "29.11.2026. 09:05"


def test_it_writes_english_dates_day_first_without_the_dot():
    with translation.override("en"):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "29.11.2026"
        assert formats.date_format(DAY, "DATE_FORMAT") == "29 Nov 2026"


def test_it_reads_a_latvian_date_as_it_is_written():
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override("lv"):
        for written in ("29.11.2026.", "29.11.2026", "2026-11-29"):
            form = Form({"day": written})
            assert form.is_valid(), written
            assert form.cleaned_data["day"] == DAY


def test_it_groups_thousands_with_a_non_breaking_space_in_latvian():
    with translation.override("lv"):
        whole = formats.number_format(1395, 0, use_l10n=True, force_grouping=True)
        decimal = formats.number_format(12345.5, 1, use_l10n=True, force_grouping=True)
    with translation.override("en"):
        english = formats.number_format(1395, 0, use_l10n=True, force_grouping=True)

    assert whole == f"1{NBSP}395"
    assert decimal == f"12{NBSP}345,5"
    assert english == "1,395"


@pytest.fixture
def large_campaign(db):
    """A campaign that sent 1395 leaflets to one school."""
    campaign = factory.make_campaign(
        name="Ziema",
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=20),
    )
    factory.make_placement(
        campaign=campaign,
        venue=factory.make_venue(name="Skola"),
        edition=factory.make_edition(material=factory.make_material(name="Leaflet")),
        quantity=1395,
        delivery=Delivery.SENT,
    )
    return campaign


def _dashboard(client_for, campaign, language: str) -> str:
    client = client_for("coordinator")
    client.cookies["django_language"] = language
    return client.get(reverse("home"), {"campaign": campaign.pk}).content.decode()


def test_it_shows_large_figures_on_the_dashboard_grouped_in_latvian(client_for, large_campaign):
    page = _dashboard(client_for, large_campaign, "lv")

    assert f"<td>1{NBSP}395</td>" in page
    assert "<td>1395</td>" not in page


def test_it_shows_large_figures_on_the_dashboard_grouped_in_english(client_for, large_campaign):
    page = _dashboard(client_for, large_campaign, "en")

    assert "<td>1,395</td>" in page
