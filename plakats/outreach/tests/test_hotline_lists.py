"""The hotline's topics and sources: seeded, labelled in the active language, managed by
coordinators in the admin, and back after a flush."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from plakats.outreach.models import HeardFrom, Topic


@pytest.mark.django_db
def test_it_seeds_both_lists_in_order():
    assert list(Topic.objects.values_list("name_en", flat=True)) == [
        "Sham marriage",
        "Work abroad",
        "Safe travel",
        "Labour exploitation",
        "Sexual exploitation",
        "Other",
    ]
    assert list(HeardFrom.objects.values_list("name_en", flat=True)) == [
        "Poster at school",
        "Employment agency",
        "Hostel",
        "Website",
        "Social network",
        "Friend",
        "Media",
        "Other",
    ]


@pytest.mark.django_db
def test_it_shows_the_label_of_the_active_language():
    topic = Topic.objects.get(name_en="Work abroad")
    with translation.override("lv"):
        assert topic.label == "Darbs ārzemēs"
    with translation.override("en"):
        assert topic.label == "Work abroad"


@pytest.mark.django_db
def test_coordinators_manage_the_lists_in_the_admin(client_for):
    url = reverse("admin:outreach_topic_add")
    response = client_for("coordinator").post(
        url, {"name_lv": "Vīzas", "name_en": "Visas", "position": 70, "is_active": "on"}
    )
    assert response.status_code == 302
    assert Topic.objects.filter(name_en="Visas", name_lv="Vīzas").exists()
    assert client_for("hotline").get(url).status_code in (302, 403)
    assert client_for("viewer").get(reverse("admin:outreach_heardfrom_changelist")).status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_a_retired_topic_is_no_longer_offered(client_for):
    Topic.objects.filter(name_en="Safe travel").update(is_active=False)
    response = client_for("hotline").get(reverse("outreach:hotline_new"))
    offered = [label for _value, label in response.context["form"].fields["topics"].choices]
    assert "Sham marriage" in offered and "Safe travel" not in offered
    assert "Safe travel" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_it_puts_the_lists_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert Topic.objects.count() == 6
    assert HeardFrom.objects.count() == 8
