"""Locust users for ``make loadtest``: staff reading and writing, venues confirming.

Started by ``reliability/loadtest.py``, which prepares the database and passes
two files through the environment:

- ``LOADTEST_FIXTURE``: JSON with placement ids to record evidence on, public
  confirmation tokens (each answered once), and a dispatch selection;
- ``LOADTEST_JOURNAL``: where every write the app acknowledged (it redirects after
  a save) is appended as one JSON line, so the checker can prove each is in the
  database exactly once; a write the app refused with a message is journaled as
  "refused".

Every write carries a unique key (in the event note, the confirmation's "where",
the dispatch name) that the checker looks for.
"""

import json
import os
import random
import re
import threading
import uuid

from locust import HttpUser, between, task

FIXTURE = json.loads(open(os.environ["LOADTEST_FIXTURE"], encoding="utf-8").read())  # noqa: SIM115
JOURNAL_PATH = os.environ["LOADTEST_JOURNAL"]
PASSWORD = FIXTURE["password"]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_lock = threading.Lock()
_tokens = list(FIXTURE["tokens"])
random.shuffle(_tokens)


def journal(kind: str, key: str, **extra) -> None:
    line = json.dumps({"kind": kind, "key": key, **extra})
    with _lock, open(JOURNAL_PATH, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def record(kind: str, key: str, response, **extra) -> None:
    """Journal a write: saved (the app redirects after a save) or refused (form shown again)."""
    if response.status_code == 302:
        journal(kind, key, **extra)
    elif response.status_code == 200:
        journal("refused", key, what=kind, **extra)


def next_token() -> str | None:
    with _lock:
        return _tokens.pop() if _tokens else None


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    return match.group(1) if match else ""


class Staff(HttpUser):
    """A coordinator at a desk: dashboards and lists, status changes, now and then a dispatch."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/login/", name="login page")
        with self.client.post(
            "/login/",
            {
                "username": FIXTURE["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_of(page.text),
            },
            headers={"Referer": self.host + "/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}, not a redirect")

    def _post(self, url: str, data: dict, name: str):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(
            url, data, headers={"Referer": self.host + url}, name=name, allow_redirects=False
        )

    @task(4)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(4)
    def venue_list(self):
        kind = random.choice(["school", "youth_centre", "hostel", "employment_agency"])
        self.client.get(f"/venues/?kind={kind}&q=demo", name="venue list (filtered)")

    @task(3)
    def placement_list(self):
        self.client.get("/distribution/placements/?delivery=delivered", name="placement list")

    @task(4)
    def record_evidence(self):
        pk = random.choice(FIXTURE["placements"])
        key = f"load-{uuid.uuid4().hex}"
        response = self._post(
            f"/distribution/placements/{pk}/status/evidence/",
            {"evidence-new": "phone", "evidence-source": "phone", "evidence-note": key},
            name="placement status change",
        )
        record("evidence", key, response, placement=pk)

    @task(1)
    def create_dispatch(self):
        selection = FIXTURE["dispatch"]
        url = "/distribution/dispatches/new/?" + selection["query"]
        key = f"load-{uuid.uuid4().hex[:12]}"
        data = {
            "campaign": selection["campaign"],
            "name": key,
            "channel": "post",
            "planned_on": selection["planned_on"],
            "stock_location": selection["location"],
            "edition": selection["edition"],
            "note": "",
            "expected_count": selection["count"],
            "action": "create",
            **{f"kind-{kind}": 1 for kind in selection["kinds"]},
        }
        response = self._post(url, data, name="dispatch creation")
        record("dispatch", key, response, placements=selection["count"])


class VenueContact(HttpUser):
    """Someone at a school who scanned the QR code: opens the page, answers once."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def confirm(self):
        token = next_token()
        if token is None:
            self.client.get("/health/", name="health")
            return
        url = f"/c/{token}/"
        page = self.client.get(url, name="confirmation page")
        key = f"load-{uuid.uuid4().hex[:16]}"
        response = self.client.post(
            url,
            {"answer": "displayed", "where": key, "csrfmiddlewaretoken": csrf_of(page.text)},
            headers={"Referer": self.host + url},
            name="confirmation",
            allow_redirects=False,
        )
        record("confirmation", key, response, token=token)
