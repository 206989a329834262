"""Logging a hotline contact: a short code links it to its placement, an unknown code or
personal data in the notes is refused with nothing saved, and the form starts over."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.outreach import services
from plakats.outreach.models import HeardFrom, HotlineContact, Topic

pytestmark = pytest.mark.django_db

URL = reverse("outreach:hotline_new")


def _topic(name_en: str) -> Topic:
    return Topic.objects.get(name_en=name_en)


def _data(**overrides) -> dict:
    data = {
        "channel": "phone",
        "topics": [_topic("Work abroad").pk, _topic("Sham marriage").pk],
        "heard_from": HeardFrom.objects.get(name_en="Poster at school").pk,
        "placement_code": "",
        "region": factory.region("Latgal").pk,
        "outcome": "consultation",
        "notes": "Asked about a job offer in a bakery; 3 x 50 leaflets mentioned",
        "occurred_at": "2015-03-12T14:05",
    }
    return data | overrides


@pytest.fixture
def placement():
    campaign = factory.make_campaign(name="Safe work 2015")
    venue = factory.make_venue(name="Rēzeknes 5. vidusskola", kind="school")
    placement = factory.make_placement(campaign=campaign, venue=venue)
    placement.code = "K7M-2QX"
    placement.save(update_fields=["code"])
    return placement


@pytest.mark.parametrize("typed", ["K7M-2QX", "k7m2qx", " k7m 2qx ", "K7M–2QX"])
def test_it_links_a_short_code_to_its_placement(client_for, placement, typed):
    client = client_for("hotline")
    response = client.post(URL, _data(placement_code=typed), follow=True)

    contact = HotlineContact.objects.get()
    assert contact.placement == placement
    assert contact.placement.venue.name == "Rēzeknes 5. vidusskola"
    assert contact.placement.campaign.name == "Safe work 2015"
    assert set(contact.topics.values_list("name_en", flat=True)) == {"Work abroad", "Sham marriage"}
    assert contact.occurred_at == timezone.make_aware(datetime(2015, 3, 12, 14, 5))
    assert contact.recorded_by.username == "hana"
    # Saved — next contact: back on an empty form, the link spelled out in the message.
    assert response.redirect_chain == [(URL, 302)]
    page = response.content.decode()
    assert "K7M-2QX" in page and "Rēzeknes 5. vidusskola" in page and "Safe work 2015" in page
    assert 'value="K7M-2QX"' not in page
    assert response.context["form"].is_bound is False


def test_it_refuses_an_unknown_code_and_saves_nothing(client_for, placement):
    response = client_for("hotline").post(URL, _data(placement_code="ZZZ-999"))

    assert response.status_code == 200
    assert "No placement has the code" in str(response.context["form"].errors["placement_code"])
    assert HotlineContact.objects.count() == 0


def test_it_refuses_a_code_that_cannot_be_one_and_saves_nothing(client_for, placement):
    response = client_for("hotline").post(URL, _data(placement_code="K7M-2Q"))

    assert "placement_code" in response.context["form"].errors
    assert HotlineContact.objects.count() == 0


@pytest.mark.parametrize(
    ("notes", "kind"),
    [
        ("Caller gave her number 29123456", "phone number"),
        ("wants an answer to anna@example.lv", "e-mail address"),
        ("personal code 290175-12345", "personal code"),
    ],
)
def test_it_refuses_personal_data_in_the_notes_and_saves_nothing(client_for, notes, kind):
    response = client_for("hotline").post(URL, _data(notes=notes))

    assert response.status_code == 200
    errors = str(response.context["form"].errors["notes"])
    assert kind in errors and "No personal data is allowed here" in errors
    assert HotlineContact.objects.count() == 0


def test_the_service_refuses_personal_data_too():
    with pytest.raises(DomainError) as refused:
        services.record_contact(
            channel="chat",
            topics=[_topic("Other")],
            outcome="information",
            notes="her e-mail is anna@example.lv",
        )
    assert refused.value.field == "notes"
    assert "e-mail address" in refused.value.message
    assert HotlineContact.objects.count() == 0


def test_the_service_refuses_an_unknown_code():
    with pytest.raises(DomainError) as refused:
        services.record_contact(
            channel="phone",
            topics=[_topic("Other")],
            outcome="information",
            placement_code="ABC-DEF",
        )
    assert refused.value.field == "placement_code"
    assert HotlineContact.objects.count() == 0


def test_it_offers_an_empty_keyboard_friendly_form(client_for):
    before = timezone.localtime().replace(second=0, microsecond=0)
    response = client_for("hotline").get(URL)

    page = response.content.decode()
    assert page.count("autofocus") == 1
    assert 'type="checkbox"' in page  # topics as checkboxes
    assert page.index('name="channel"') < page.index('name="topics"') < page.index('name="notes"')
    shown = datetime.strptime(
        page.split('name="occurred_at" value="')[1][:16], "%Y-%m-%dT%H:%M"
    )  # the local time, to the minute
    assert (
        before.replace(tzinfo=None) <= shown <= before.replace(tzinfo=None) + timedelta(minutes=1)
    )
    assert '<button type="submit">' in page


def test_it_saves_a_contact_without_code_source_or_region(client_for):
    client_for("hotline").post(URL, _data(placement_code="", heard_from="", region="", notes=""))
    contact = HotlineContact.objects.get()
    assert contact.placement is None and contact.heard_from is None and contact.region is None
