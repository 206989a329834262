"""Latvia's geography comes back after a flush (tests in a real browser flush the database)."""

import pytest
from django.core.management import call_command

from plakats.geo.models import Municipality, Place, Region


@pytest.mark.django_db(transaction=True)
def test_it_reloads_latvia_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert (Region.objects.count(), Municipality.objects.count(), Place.objects.count()) == (
        5,
        42,
        585,
    )
