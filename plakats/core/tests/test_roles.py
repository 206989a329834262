"""Roles: what each one may do, decided on the server."""

import pytest
from django.urls import reverse

from plakats.core.permissions import (
    Role,
    can_coordinate,
    can_edit_region,
    can_edit_venue,
    can_write,
    role_of,
)
from plakats.core.tests import factory

pytestmark = pytest.mark.django_db


def test_it_gives_each_demo_user_exactly_its_role(users):
    assert role_of(users["admin"]) == Role.ADMIN
    assert role_of(users["coordinator"]) == Role.COORDINATOR
    assert role_of(users["regional"]) == Role.REGIONAL
    assert role_of(users["viewer"]) == Role.VIEWER
    assert role_of(users["none"]) is None


def test_it_treats_a_superuser_as_admin():
    user = factory.make_user(None, is_superuser=True)
    assert role_of(user) == Role.ADMIN


def test_it_lets_only_writers_write(users):
    assert [r for r, u in users.items() if can_write(u)] == ["admin", "coordinator", "regional"]
    assert [r for r, u in users.items() if can_coordinate(u)] == ["admin", "coordinator"]


def test_it_scopes_regional_users_to_their_regions(users):
    latgale, kurzeme = factory.region("Latgales"), factory.region("Kurzemes")
    rita = users["regional"]
    assert can_edit_region(rita, latgale.pk) is True
    assert can_edit_region(rita, kurzeme.pk) is False
    assert can_edit_region(rita, None) is False
    assert can_edit_region(users["coordinator"], kurzeme.pk) is True
    assert can_edit_region(users["viewer"], latgale.pk) is False


def test_it_scopes_venues_by_their_municipalitys_region(users):
    in_latgale = factory.make_venue(municipality=factory.municipality("Rēzekne"))
    in_riga = factory.make_venue(municipality=factory.municipality("Rīga"))
    online = factory.make_venue(kind="website")
    rita = users["regional"]
    assert (can_edit_venue(rita, in_latgale), can_edit_venue(rita, in_riga)) == (True, False)
    assert can_edit_venue(rita, online) is False
    assert can_edit_venue(users["coordinator"], online) is True


def test_it_refuses_the_admin_site_to_everyone_but_coordinators_and_admins(client_for):
    assert client_for("admin").get("/admin/").status_code == 200
    assert client_for("coordinator").get("/admin/").status_code == 200
    for role in ("regional", "viewer"):
        response = client_for(role).get("/admin/")
        assert response.status_code == 302, role
        assert "/admin/login/" in response["Location"]
    assert client_for("none").get("/admin/").status_code == 403


def test_it_keeps_user_management_for_admins(client_for):
    assert client_for("admin").get("/admin/accounts/user/").status_code == 200
    assert client_for("coordinator").get("/admin/accounts/user/").status_code == 403


def test_it_shows_a_user_without_a_role_nothing(client_for):
    client = client_for("none")
    assert client.get(reverse("home")).status_code == 403
    assert client.get(reverse("venues:venue_list")).status_code == 403
    assert client.get(reverse("password_change")).status_code == 200
