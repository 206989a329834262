"""Every role reads the dashboard and the coverage page; anonymous users log in first."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory


@pytest.mark.parametrize("role", ["admin", "coordinator", "regional", "viewer", "hotline"])
@pytest.mark.parametrize("name", ["home", "reports:coverage"])
def test_it_lets_every_role_read(client_for, role, name):
    factory.make_placement(delivery="sent")
    response = client_for(role).get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["home", "reports:coverage"])
def test_it_redirects_anonymous_users_to_the_login(client_for, name):
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_invites_a_coordinator_to_create_the_first_campaign(client_for):
    response = client_for("coordinator").get(reverse("home"))
    assert reverse("distribution:campaign_create") in response.content.decode()
