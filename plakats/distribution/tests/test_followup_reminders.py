"""Reminder e-mails to venues that never answered: one per venue, at most one a week."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plakats.core.tests import factory
from plakats.distribution import services, tasks
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.models import Placement, Reminder
from plakats.distribution.services.reminders import ReminderCounts, followup_placements

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REMIND = reverse("distribution:followup_remind")


def _sent(venue, days: int = 30, **kwargs) -> Placement:
    placement = factory.make_placement(venue=venue, **kwargs)
    services.change_status(
        placement,
        Axis.DELIVERY,
        Delivery.SENT,
        occurred_at=timezone.now() - timedelta(days=days),
    )
    return placement


def _due():
    return followup_placements(21)


def _link(placement: Placement) -> str:
    return f"{settings.PLAKATS_BASE_URL}/c/{placement.token}/"


@override_settings(TASKS=IMMEDIATE)
def test_it_sends_one_email_per_venue_with_every_link_and_code(users, mailoutbox):
    school = factory.make_venue(name="Ludzas vidusskola", email="skola@ludza.example")
    material = factory.make_material(name="A2 poster: Safe work abroad")
    placements = [
        _sent(school, edition=factory.make_edition(material=material, version=f"2014-{i}"))
        for i in (1, 2, 3)
    ]

    counts = services.queue_reminders(_due(), users["coordinator"])

    assert counts == ReminderCounts(queued=1)
    [email] = mailoutbox
    assert email.to == ["skola@ludza.example"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.subject.startswith("Atgādinājums")
    assert "Ludzas vidusskola" in email.subject
    for placement in placements:
        assert placement.code in email.body
        assert _link(placement) in email.body
    assert "A2 poster: Safe work abroad (2014-2)" in email.body
    reminder = Reminder.objects.get()
    assert reminder.sent_at is not None
    assert reminder.queued_by == users["coordinator"]
    assert set(reminder.placements.all()) == set(placements)


@override_settings(TASKS=IMMEDIATE)
def test_it_writes_in_the_venues_language(mailoutbox):
    for language in ("lv", "ru", "en"):
        _sent(
            factory.make_venue(
                name=f"Venue {language}", email=f"{language}@example.org", language=language
            )
        )

    services.queue_reminders(_due())

    subjects = {email.to[0]: email.subject for email in mailoutbox}
    bodies = {email.to[0]: email.body for email in mailoutbox}
    assert subjects["lv@example.org"].startswith("Atgādinājums:")
    assert subjects["ru@example.org"].startswith("Напоминание:")
    assert subjects["en@example.org"].startswith("Reminder:")
    assert "Labdien" in bodies["lv@example.org"]
    assert "Здравствуйте" in bodies["ru@example.org"]
    assert "Hello" in bodies["en@example.org"]


@override_settings(TASKS=IMMEDIATE)
def test_it_does_not_escape_the_venue_name_in_the_plain_text_email(mailoutbox):
    _sent(factory.make_venue(name="Bērnu & jauniešu centrs “Ozols”", email="ozols@example.org"))

    services.queue_reminders(_due())

    [email] = mailoutbox
    assert "Bērnu & jauniešu centrs “Ozols”" in email.body
    assert "&amp;" not in email.body


def test_it_reminds_a_venue_at_most_once_a_week():
    venue = factory.make_venue(email="once@example.org")
    _sent(venue)

    first = services.queue_reminders(_due())
    second = services.queue_reminders(_due())
    assert (first.queued, second.queued, second.skipped_recent) == (1, 0, 1)
    assert DBTaskResult.objects.count() == 1

    Reminder.objects.update(queued_at=timezone.now() - timedelta(days=6))
    assert services.queue_reminders(_due()).skipped_recent == 1

    Reminder.objects.update(queued_at=timezone.now() - timedelta(days=8))
    later = services.queue_reminders(_due())
    assert (later.queued, later.skipped_recent) == (1, 0)
    assert Reminder.objects.filter(venue=venue).count() == 2
    assert DBTaskResult.objects.count() == 2


def test_it_skips_and_names_venues_without_an_email_address():
    _sent(factory.make_venue(name="No address"))
    _sent(factory.make_venue(name="Has address", email="yes@example.org"))

    counts = services.queue_reminders(_due())

    assert counts == ReminderCounts(queued=1, skipped_no_email=1, no_email_venues=["No address"])
    assert list(Reminder.objects.values_list("venue__name", flat=True)) == ["Has address"]


def test_it_queues_nothing_for_nothing():
    assert services.queue_reminders(Placement.objects.none()) == ReminderCounts()
    assert Reminder.objects.count() == 0


@override_settings(TASKS=IMMEDIATE)
def test_it_sends_a_reminder_only_once(mailoutbox):
    _sent(factory.make_venue(email="twice@example.org"))
    services.queue_reminders(_due())
    reminder = Reminder.objects.get()

    assert tasks.send_reminder.call(reminder.pk) == "already sent"
    result = tasks.send_reminder.enqueue(reminder.pk)

    assert result.return_value == "already sent"
    assert len(mailoutbox) == 1
    assert tasks.send_reminder.call(reminder.pk + 1000) == "missing"


@override_settings(TASKS=IMMEDIATE)
def test_it_records_a_failure_and_lets_the_venue_be_reminded_again(monkeypatch, mailoutbox):
    _sent(factory.make_venue(email="down@example.org"))

    def refuse(*args, **kwargs):
        raise SMTPException("Connection refused")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    assert services.queue_reminders(_due()).queued == 1
    failed = Reminder.objects.get()
    assert (failed.sent_at, failed.error) == (None, "Connection refused")

    monkeypatch.undo()
    again = services.queue_reminders(_due())

    assert (again.queued, again.skipped_recent) == (1, 0)
    assert [email.to for email in mailoutbox] == [["down@example.org"]]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@override_settings(TASKS=IMMEDIATE)
def test_it_sends_the_filtered_list_from_the_page(client_for, mailoutbox):
    school = factory.make_venue(name="School", email="school@example.org")
    hostel = factory.make_venue(name="Hostel", kind="hostel", email="hostel@example.org")
    silent = factory.make_venue(name="Silent school")
    _sent(school)
    _sent(school)
    _sent(hostel)
    _sent(silent)

    response = client_for("coordinator").post(REMIND + "?kind=school", follow=True)

    assert response.redirect_chain[-1][0] == reverse("distribution:followup_list") + "?kind=school"
    assert [email.to for email in mailoutbox] == [["school@example.org"]]
    assert _messages(response) == [
        "Reminder e-mail queued for 1 venue.",
        "1 venue has no e-mail address; phone it instead: Silent school",
    ]

    again = client_for("coordinator").post(REMIND + "?kind=school", follow=True)
    assert "1 venue was reminded in the last 7 days and was skipped." in _messages(again)
    assert len(mailoutbox) == 1


def test_it_refuses_reminders_to_viewers_and_users_without_a_role(client_for):
    _sent(factory.make_venue(email="x@example.org"))

    assert client_for("viewer").post(REMIND).status_code == 403
    assert client_for("none").post(REMIND).status_code == 403
    assert client_for("coordinator").get(REMIND).status_code == 405
    assert Reminder.objects.count() == 0


def test_it_lets_a_regional_consultant_remind_only_its_regions(client_for):
    in_latgale = factory.make_venue(
        name="Rēzekne school", email="r@example.org", municipality=factory.municipality("Rēzekne")
    )
    in_riga = factory.make_venue(name="Rīga school", email="riga@example.org")
    _sent(in_latgale)
    _sent(in_riga)

    response = client_for("regional").post(REMIND, follow=True)

    assert list(Reminder.objects.values_list("venue", flat=True)) == [in_latgale.pk]
    assert "1 venue is outside your regions and was not reminded." in _messages(response)


def test_it_refuses_to_send_with_a_bad_filter(client_for):
    _sent(factory.make_venue(email="x@example.org"))

    response = client_for("coordinator").post(REMIND + "?days=-1", follow=True)

    assert _messages(response) == ["Correct the filter first; no reminder was sent."]
    assert Reminder.objects.count() == 0
