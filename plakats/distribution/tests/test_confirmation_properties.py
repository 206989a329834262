"""Property test: whatever anyone posts to a public confirmation link, no 500, no half answer.

hypothesis generates the form's fields (any text, any answer value, stray
fields, huge values); the page either records exactly one confirmation with its
events (and redirects to the thanks page) or records nothing and says why.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plakats.core.tests import factory
from plakats.distribution.choices import Answer, Delivery
from plakats.distribution.models import Confirmation, Placement, PlacementEvent

text = st.one_of(st.text(max_size=60), st.text(max_size=3000), st.just(""))
answers = st.one_of(st.sampled_from(Answer.values), text)
posts = st.fixed_dictionaries(
    {"answer": answers},
    optional={
        "where": text,
        "reason": text,
        "old_removed": st.one_of(st.sampled_from(["yes", "no"]), text),
        "photo": text,
        "extra": text,
    },
)


@pytest.fixture
def placement(db):
    campaign = factory.make_campaign(ends_on=timezone.localdate() + timedelta(days=30))
    dispatch = factory.make_dispatch(campaign=campaign)
    return factory.make_placement(
        campaign=campaign, dispatch=dispatch, delivery=Delivery.SENT, quantity=2
    )


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=posts)
def test_it_records_one_whole_answer_or_nothing(placement, data):
    Confirmation.objects.filter(placement=placement).delete()
    PlacementEvent.objects.filter(placement=placement).delete()
    Placement.objects.filter(pk=placement.pk).update(
        delivery=Delivery.SENT, display="unknown", evidence="none", evidence_at=None
    )
    url = reverse("confirm", args=[placement.token])

    response = Client().post(url, data)

    assert response.status_code in (200, 302, 400, 403)
    confirmations = Confirmation.objects.filter(placement=placement)
    if response.status_code == 302:
        assert confirmations.count() == 1
        assert PlacementEvent.objects.filter(placement=placement).exists()
    else:
        assert confirmations.count() == 0
        assert not PlacementEvent.objects.filter(placement=placement).exists()
