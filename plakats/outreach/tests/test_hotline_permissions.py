"""Who sees the hotline log and its form (admin, coordinator, hotline operator) and who
sees only the aggregates (regional consultant, viewer); anonymous users log in first."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.outreach.models import HotlineContact, Topic

pytestmark = pytest.mark.django_db

LOG_PAGES = ["outreach:hotline_list", "outreach:hotline_new"]
REPORT = "outreach:hotline_report"
# role: (may use the log and its form, may see the aggregates)
RULES = {
    None: (False, False),
    "none": (False, False),
    "viewer": (False, True),
    "hotline": (True, True),
    "regional": (False, True),
    "coordinator": (True, True),
    "admin": (True, True),
}


@pytest.fixture
def contact():
    return factory.make_hotline_contact(
        topics=[Topic.objects.get(name_en="Safe travel")], notes="Asked about a bus to Oslo"
    )


@pytest.mark.parametrize("role", list(RULES))
def test_it_shows_the_log_and_form_only_to_hotline_roles(client_for, contact, role):
    client = client_for(role)
    may_log, _may_report = RULES[role]
    for name in LOG_PAGES:
        response = client.get(reverse(name))
        if may_log:
            assert response.status_code == 200, (name, role)
        elif role is None:
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == 403, (name, role)
    if may_log:
        assert (
            "Asked about a bus to Oslo"
            in client.get(reverse("outreach:hotline_list")).content.decode()
        )


@pytest.mark.parametrize("role", list(RULES))
def test_it_lets_only_hotline_roles_record_a_contact(client_for, role):
    may_log, _ = RULES[role]
    data = {
        "channel": "phone",
        "topics": [Topic.objects.get(name_en="Other").pk],
        "outcome": "information",
        "occurred_at": "2015-05-05T10:00",
    }
    response = client_for(role).post(reverse("outreach:hotline_new"), data)
    assert HotlineContact.objects.count() == (1 if may_log else 0), role
    assert response.status_code == (302 if may_log or role is None else 403)


@pytest.mark.parametrize("role", list(RULES))
def test_it_shows_the_aggregates_to_every_role_but_no_notes(client_for, contact, role):
    _, may_report = RULES[role]
    response = client_for(role).get(reverse(REPORT))
    if not may_report:
        assert response.status_code in (302, 403)
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert "Asked about a bus to Oslo" not in page  # notes never leave the log
    may_log, _ = RULES[role]
    assert (f'href="{reverse("outreach:hotline_list")}"' in page) is may_log


@pytest.mark.parametrize("role", list(RULES))
def test_the_menu_points_each_role_at_what_it_may_see(client_for, role):
    if role in (None, "none"):
        return
    may_log, _ = RULES[role]
    page = client_for(role).get(reverse("home")).content.decode()
    nav = page.split('class="main-nav"')[1].split("</nav>")[0]
    expected = "outreach:hotline_list" if may_log else "outreach:hotline_report"
    assert f'href="{reverse(expected)}"' in nav
