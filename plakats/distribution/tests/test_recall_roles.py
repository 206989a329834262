"""Who may do what with recalls: coordinators act, every role reads, regional cannot supersede."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.models import Recall

pytestmark = pytest.mark.django_db


def _supersede(client, old, new):
    return client.post(
        reverse("distribution:edition_supersede", args=[old.pk]),
        {"successor": new.pk, "reason": "New number", "effective_on": "2015-03-01"},
    )


@pytest.mark.parametrize("role", ["regional", "viewer", "hotline"])
def test_only_coordinators_supersede_withdraw_replace_or_close(client_for, role):
    old = factory.make_edition()
    new = factory.make_edition(material=old.material)
    recall = factory.make_recall()
    client = client_for(role)

    assert _supersede(client, old, new).status_code == 403
    withdraw = client.post(
        reverse("distribution:edition_withdraw", args=[old.pk]),
        {"reason": "Partner left", "effective_on": "2015-03-01"},
    )
    assert withdraw.status_code == 403
    assert client.post(reverse("distribution:recall_replace", args=[recall.pk])).status_code == 403
    assert client.post(reverse("distribution:recall_close", args=[recall.pk])).status_code == 403
    old.refresh_from_db()
    recall.refresh_from_db()
    assert (old.superseded_on, old.withdrawn_on, recall.closed_at) == (None, None, None)
    assert Recall.objects.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_supersede(client_for, role):
    old = factory.make_edition()
    new = factory.make_edition(material=old.material)

    assert _supersede(client_for(role), old, new).status_code == 302
    assert Recall.objects.get().edition == old


@pytest.mark.parametrize("role", ["viewer", "hotline", "regional", "coordinator"])
def test_every_role_reads_the_recall_and_its_lists(client_for, role):
    recall = factory.make_recall()
    client = client_for(role)

    detail = client.get(recall.get_absolute_url())
    assert detail.status_code == 200
    assert (detail.context["form"] is not None) == (role == "coordinator")
    assert client.get(reverse("distribution:recall_list")).status_code == 200
    assert client.get(reverse("distribution:recall_web_tasks", args=[recall.pk])).status_code == 200
    export = client.get(reverse("distribution:recall_export", args=[recall.pk, "csv"]))
    assert export.status_code == 200
