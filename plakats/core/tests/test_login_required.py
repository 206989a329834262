"""Every page needs login except the declared public ones.

The API (namespace ``api``) answers an anonymous request itself — 401 with its
JSON error body, or 405 for a method the operation does not take — instead of a
redirect to a login page a program cannot use; its browsable docs and schema
redirect to the login page like every other page. plakats/api/tests walk every
operation as every role.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plakats.core.permissions import PUBLIC_URL_NAMES


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _url_for(name: str, pattern: URLPattern) -> str:
    kwargs = {key: 1 for key in pattern.pattern.converters}
    for key, converter in pattern.pattern.converters.items():
        if converter.regex != "[0-9]+":
            kwargs[key] = "abc"
    return reverse(name, kwargs=kwargs)


ALL_URLS = sorted(_walk(get_resolver().url_patterns), key=lambda item: item[0])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), ALL_URLS, ids=[n for n, _ in ALL_URLS])
def test_it_sends_anonymous_users_to_login(client, name, pattern):
    url = _url_for(name, pattern)
    for method in (client.get, client.post):
        response = method(url)
        if name.startswith("api:") and response.status_code != 302:
            assert response.status_code in (401, 404, 405), f"{method.__name__.upper()} {url}"
            if response.status_code == 401:
                assert response.json()["code"]
        elif name.split(":")[-1] in PUBLIC_URL_NAMES:
            assert response.status_code != 302 or "/login/" not in response["Location"]
        else:
            assert response.status_code == 302, f"{method.__name__.upper()} {url}"
            assert response["Location"].startswith(reverse("login"))


def test_it_knows_more_than_a_handful_of_pages():
    assert len(ALL_URLS) >= 10


@pytest.mark.django_db
def test_it_keeps_the_admin_behind_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_it_answers_the_health_check_without_login(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
