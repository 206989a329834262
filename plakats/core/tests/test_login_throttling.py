"""Login throttling: five wrong passwords lock the username from that address for a while."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory

LOCKED = "Too many login attempts"


@pytest.fixture
def carol(db):
    return factory.make_user(username="carol")


def _log_in(client, password, username="carol", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_it_refuses_the_sixth_attempt_even_with_the_right_password(client, carol):
    for _ in range(4):
        response = _log_in(client, "wrong")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert _log_in(client, "wrong").status_code == 429

    response = _log_in(client, factory.PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "Try again in 15 minutes." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_in_with_the_right_password_before_the_limit(client, carol):
    for _ in range(4):
        _log_in(client, "wrong")

    response = _log_in(client, factory.PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_it_locks_only_that_username_from_that_address(client, carol):
    factory.make_user(username="rita")
    for _ in range(5):
        _log_in(client, "wrong")

    other_user = _log_in(client, factory.PASSWORD, username="rita")
    other_address = _log_in(client, factory.PASSWORD, REMOTE_ADDR="10.0.0.9")

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, carol):
    from axes.models import AccessAttempt

    for _ in range(5):
        _log_in(client, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _log_in(client, factory.PASSWORD)

    assert response.status_code == 302


def test_it_shows_the_lockout_page_in_the_users_language(client, carol, settings):
    for _ in range(5):
        _log_in(client, "wrong")

    response = _log_in(client, factory.PASSWORD, HTTP_ACCEPT_LANGUAGE="lv")

    assert response.status_code == 429
    assert '<html lang="lv">' in response.content.decode()
