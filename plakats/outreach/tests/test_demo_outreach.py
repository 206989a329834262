"""The demo data holds the story's outreach: 15 forum-theatre workshops reaching 655
young people, and anonymous hotline contacts, some linked to a poster's code."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from plakats.outreach import pii
from plakats.outreach.models import EventMaterial, HotlineContact, OutreachEvent


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", seed=11, stdout=io.StringIO(), stderr=io.StringIO())
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_it_holds_the_workshops_of_the_story(demo):
    events = OutreachEvent.objects.filter(type="forum_theatre")
    assert events.count() == 15
    assert events.aggregate(n=Sum("participants"))["n"] == 655
    assert (
        EventMaterial.objects.filter(movement__delta__lt=0).count()
        == EventMaterial.objects.count()
        > 0
    )


def test_it_holds_anonymous_contacts_some_with_a_code(demo):
    contacts = HotlineContact.objects.all()
    assert contacts.count() == 60
    assert contacts.filter(placement__isnull=False).exists()
    assert all(
        pii.find_personal_data(notes) == [] for notes in contacts.values_list("notes", flat=True)
    )
