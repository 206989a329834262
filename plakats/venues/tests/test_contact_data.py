"""A venue contact's personal data can be exported and erased, history and reminders included."""

import json

import pytest
from django.core.management import CommandError, call_command

from plakats.core.tests import factory
from plakats.distribution.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    venue = factory.make_venue(
        name="Ābeļu pamatskola",
        contact_name="Anna Ozola",
        email="anna@example.org",
        phone="+371 20000001",
    )
    venue.phone = "+371 20000002"
    venue.save()
    Reminder.objects.create(venue=venue, email="anna@example.org")
    return venue


def test_it_prints_what_is_held_about_a_contact(school, capsys):
    call_command("contact_data", "ANNA@example.org")
    [held] = json.loads(capsys.readouterr().out)
    assert (held["venue"], held["contact_name"], held["phone"]) == (
        "Ābeļu pamatskola",
        "Anna Ozola",
        "+371 20000002",
    )
    assert len(held["reminders_sent"]) == 1


def test_it_erases_the_contact_everywhere_but_keeps_the_venue(school):
    call_command("contact_data", "anna@example.org", "--erase")
    school.refresh_from_db()
    assert (school.name, school.contact_name, school.email, school.phone) == (
        "Ābeļu pamatskola",
        "",
        "",
        "",
    )
    assert set(school.history.values_list("contact_name", "email", "phone")) == {("", "", "")}
    assert school.history.count() == 2
    assert list(Reminder.objects.values_list("email", flat=True)) == [""]


def test_it_says_so_when_nobody_has_the_address(school):
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("contact_data", "nobody@example.org")
