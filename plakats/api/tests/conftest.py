"""API test helpers: a client that sends a role's personal token."""

import json

import pytest
from django.test import Client

from plakats.accounts.services import create_token


class ApiClient:
    """Send JSON to the API as one user, authenticated by a bearer token."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, secret = create_token(user, "tests")
            self.headers["Authorization"] = f"Bearer {secret}"

    def _send(self, method, url, body=None, headers=None):
        send = getattr(self.client, method)
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return send(url, **kwargs)

    def get(self, url, params=None, headers=None):
        return self.client.get(url, params or {}, headers={**self.headers, **(headers or {})})

    def post(self, url, body=None, headers=None):
        return self._send("post", url, body if body is not None else {}, headers)

    def patch(self, url, body=None, headers=None):
        return self._send("patch", url, body if body is not None else {}, headers)

    def delete(self, url, headers=None):
        return self._send("delete", url, None, headers)


@pytest.fixture
def api_for(users):
    """Return an API client acting as the user of a role name (anonymous for None)."""

    def make(role):
        return ApiClient(users[role] if role is not None else None)

    return make
