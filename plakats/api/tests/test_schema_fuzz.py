"""Schemathesis fuzzes every operation of the live schema through the WSGI app.

For each operation it sends up to ``MAX_EXAMPLES`` generated requests (valid and
invalid) as an administrator, who may call every operation, and fails on any
server error, any status the schema does not declare, and any response body
that breaks the schema. Runs in ``make test`` (and ``make test-api``).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from plakats.accounts.services import create_token
from plakats.api.api import api
from plakats.core.tests import factory

MAX_EXAMPLES = 20

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def admin_token(users, settings_):
    """A token of the administrator, and a few objects for the generated ids to hit."""
    venue = factory.make_venue()
    factory.make_placement(venue=venue)
    factory.make_target()
    factory.make_dispatch()
    factory.make_location()
    return create_token(users["admin"], "schemathesis")[1]


@pytest.fixture
def settings_(settings):
    settings.ALLOWED_HOSTS = ["*"]
    # As Django's test client does: a request must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield settings
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_it_answers_every_generated_request_within_the_schema(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
