"""Shared test fixtures: one user per role, plus one with no role at all."""

import pytest
from django.test import override_settings
from django.utils import translation

from plakats.core.permissions import Role
from plakats.core.tests import factory


@pytest.fixture
def users(db):
    """alice admin, carol coordinator, rita regional (Latgale), vera viewer, hana hotline,
    nora no role."""
    return {
        "admin": factory.make_user(Role.ADMIN, username="alice"),
        "coordinator": factory.make_user(Role.COORDINATOR, username="carol"),
        "regional": factory.make_user(
            Role.REGIONAL, regions=[factory.region("Latgales")], username="rita"
        ),
        "viewer": factory.make_user(Role.VIEWER, username="vera"),
        "hotline": factory.make_user(Role.HOTLINE, username="hana"),
        "none": factory.make_user(None, username="nora"),
    }


@pytest.fixture
def client_for(client, users):
    """Return a test client logged in as the user of a role name (or anonymous for None)."""

    def login(role: str | None):
        client.logout()
        if role is not None:
            client.force_login(users[role])
        return client

    return login


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read English messages; tests of the Latvian catalogue switch to it themselves."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Argon2 is slow by design; tests create many users and check no hash strength."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run without collectstatic, so static files are served unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    """Figures are computed afresh in tests; test_figure_cache turns the cache on itself."""
    settings.PLAKATS_FIGURE_CACHE_SECONDS = 0
