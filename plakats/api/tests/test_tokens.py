"""Personal API tokens: created on the profile page, shown once, stored hashed, revocable."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from plakats.accounts.models import ApiToken
from plakats.accounts.services import create_token


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
def test_it_shows_a_new_token_once_and_stores_only_its_hash(client_for, users):
    client = client_for("viewer")
    page = client.post("/accounts/", {"name": "BI dashboard", "expires_on": ""})
    secret = re.search(r'<code class="token-value">([^<]+)</code>', page.content.decode())[1]
    token = ApiToken.objects.get(user=users["viewer"])
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.key_hash, token.prefix, token.name}
    assert secret.startswith(token.prefix)
    assert secret not in client.get("/accounts/").content.decode()
    response = Client().get("/api/v1/venues", headers=_bearer(secret))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_it_refuses_a_revoked_token(client_for, users):
    token, secret = create_token(users["viewer"], "phone")
    client_for("viewer").post("/accounts/tokens/revoke/", {"token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = Client().get("/api/v1/venues", headers=_bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_it_does_not_revoke_another_users_token(client_for, users):
    token, secret = create_token(users["coordinator"], "theirs")
    client_for("viewer").post("/accounts/tokens/revoke/", {"token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/venues", headers=_bearer(secret)).status_code == 200


@pytest.mark.django_db
def test_it_refuses_an_expired_token(users):
    token, secret = create_token(
        users["viewer"], "short", expires_at=timezone.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/venues", headers=_bearer(secret)).status_code == 401


@pytest.mark.django_db
def test_it_refuses_a_made_up_token(users):
    _token, secret = create_token(users["viewer"], "real")
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert Client().get("/api/v1/venues", headers=_bearer(forged)).status_code == 401


@pytest.mark.django_db
def test_it_gives_a_token_its_users_role(users):
    _token, secret = create_token(users["viewer"], "read only")
    body = {"name": "Not allowed (demo)", "kind": "association"}
    response = Client().post(
        "/api/v1/partners", body, content_type="application/json", headers=_bearer(secret)
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_needs_the_csrf_token_for_a_session_write(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["coordinator"])
    body = {"name": "Via browser (demo)", "kind": "association"}
    refused = client.post("/api/v1/partners", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    client.get("/accounts/")
    csrf = client.cookies["csrftoken"].value
    allowed = client.post(
        "/api/v1/partners", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert allowed.status_code == 201
