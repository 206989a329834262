"""Fixtures of the reports tests."""

import pytest

from .funder_data import make_campaign_world


@pytest.fixture
def funder_world(db, settings):
    """The hand-made campaign of ``funder_data``; evidence never ages, so 2025 evidence counts."""
    settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS = 100_000
    settings.PLAKATS_ORGANISATION = "Biedrība “Gaišā māja” (demo)"
    return make_campaign_world()
