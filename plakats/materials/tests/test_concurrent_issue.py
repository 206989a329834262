"""Two issues at the same moment cannot both spend the same items.

Runs with real transactions and one database connection per thread, so the
lock taken in ``plakats.materials.services._take`` (SQLite's IMMEDIATE write
lock, PostgreSQL's row lock on the location) is what keeps them apart.
"""

import threading
import time

import pytest
from django.db import connections

from plakats.core.tests import factory
from plakats.materials import services
from plakats.materials.choices import MovementKind
from plakats.materials.models import StockMovement


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_issues_through(monkeypatch):
    edition = factory.make_edition()
    office = factory.make_location(name="Riga office")
    services.receive_print_run(edition, office, 10)

    read_on_hand = services.on_hand

    def slow_on_hand(edition, location):
        # Widen the gap between reading on-hand and writing the row: without
        # the lock, both threads would read 10 here and both would issue 7.
        value = read_on_hand(edition, location)
        time.sleep(0.3)
        return value

    monkeypatch.setattr(services, "on_hand", slow_on_hand)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue_seven():
        try:
            barrier.wait(timeout=10)
            services.issue(edition, office, 7)
            outcomes.append("issued")
        except Exception as exc:  # the test inspects whatever happened
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue_seven) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 2
    assert outcomes.count("issued") == 1, outcomes
    refusal = next(o for o in outcomes if o != "issued")
    assert isinstance(refusal, services.InsufficientStock), repr(refusal)
    assert (refusal.available, refusal.wanted) == (3, 7)
    monkeypatch.undo()
    assert services.on_hand(edition, office) == 3
    assert StockMovement.objects.filter(kind=MovementKind.ISSUED).count() == 1
