"""Every page in the URLconf, opened by every role, obeys the declared ACCESS table.

The URLs come from the resolver, so a new page fails here until it is declared in
``plakats.core.permissions.ACCESS``. Each page is opened with real objects: one
small world per test (a Latgale and a Kurzeme twin of every region-scoped object).
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from plakats.core.permissions import ACCESS, ACCESS_ROLES, REGION_SCOPED_URL_NAMES, Role
from plakats.core.tests import factory
from plakats.distribution.choices import Source
from plakats.distribution.models import PartnerLink, Photo
from plakats.distribution.models.printing import LetterTemplate
from plakats.distribution.views.placements import AXIS_VALUES
from plakats.geo.models import Municipality
from plakats.imports.models import ImportKind, ImportRun
from plakats.reports.figures import build_figures
from plakats.reports.models import SubmittedReport
from plakats.reports.queries import Scope

ROLES = (None, "none", "viewer", "hotline", "regional", "coordinator", "admin")
WRITE_LEVELS = {"write", "coordinate", "admin"}

# Pages that answer 404 for the world below although the user is let in: the edition
# has no artwork and the photo row has no file in storage.
MISSING_FILE_URL_NAMES = {"materials:edition_artwork", "distribution:photo"}

# Which world object each URL's object kwarg (pk, partner_pk, ...) points at.
OBJECT_OF = {
    "venues:venue_detail": "venue",
    "venues:venue_edit": "venue",
    "venues:venue_merge": "venue",
    "venues:partner_detail": "partner",
    "venues:partner_edit": "partner",
    "venues:agreement_create": "partner",
    "materials:material_detail": "material",
    "materials:material_edit": "material",
    "materials:edition_create": "material",
    "materials:edition_detail": "edition",
    "materials:edition_edit": "edition",
    "materials:edition_artwork": "edition",
    "materials:location_detail": "location",
    "materials:location_edit": "location",
    "materials:stock_receive": "location",
    "materials:stock_transfer": "location",
    "materials:stock_write_off": "location",
    "materials:stock_return": "location",
    "distribution:campaign_detail": "campaign",
    "distribution:campaign_edit": "campaign",
    "distribution:target_create": "campaign",
    "distribution:target_edit": "target",
    "distribution:target_delete": "target",
    "distribution:dispatch_detail": "dispatch",
    "distribution:dispatch_status": "dispatch",
    "distribution:print_pack": "dispatch",
    "distribution:placement_detail": "placement",
    "distribution:placement_edit": "placement",
    "distribution:placement_status": "placement",
    "distribution:visit_venue": "venue",
    "distribution:visit_record": "placement",
    "distribution:letter_edit": "letter",
    "distribution:letter_sample": "letter",
    "distribution:photo": "photo",
    "outreach:webcheck_run": "placement",
    "outreach:webcheck_requirement": "placement",
    "imports:import_detail": "import_run",
    "imports:import_mapping": "import_run",
    "imports:import_commit": "import_run",
    "imports:import_progress": "import_run",
    "distribution:edition_supersede": "edition",
    "distribution:edition_withdraw": "edition",
    "distribution:recall_detail": "recall",
    "distribution:recall_replace": "recall",
    "distribution:recall_close": "recall",
    "distribution:recall_export": "recall",
    "distribution:recall_web_tasks": "recall",
    "distribution:recall_web_tasks_export": "recall",
    "outreach:event_detail": "event",
    "outreach:event_edit": "event",
    "reports:submitted_detail": "submitted_report",
    "reports:submitted_pdf": "submitted_report",
    "reports:submitted_xlsx": "submitted_report",
}

# Which world object's token a public URL's ``token`` is (a placement's by default).
TOKEN_OF = {"partner_confirm": "partner_link"}

# Values for the kwargs that are not object keys.
PLAIN_KWARGS = {
    "axis": next(iter(AXIS_VALUES)).value,
    "layout": "3x8",
    "fmt": "csv",
    "what": "venues",
}
OBJECT_KWARGS = {"pk", "partner_pk", "material_pk", "campaign_pk"}


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            # The REST API answers with JSON (401/403 bodies, not login redirects);
            # plakats/api/tests/test_access.py walks every operation as every role.
            if ns in ("admin", "api"):
                continue
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


ALL_URLS = dict(sorted(_walk(get_resolver().url_patterns)))


def _municipality(region_start: str) -> Municipality:
    return Municipality.objects.filter(region=factory.region(region_start)).order_by("pk").first()


def _world(twin: bool) -> dict:
    """One object of each kind; ``twin`` gives the Kurzeme versions of region-scoped ones."""
    region = "Kurzem" if twin else "Latgal"
    venue = factory.make_venue(municipality=_municipality(region))
    location = factory.make_location(region=factory.region(region))
    campaign = factory.make_campaign()
    dispatch = factory.make_dispatch(campaign=campaign)
    placement = factory.make_placement(dispatch=dispatch, venue=venue)
    world = {
        "venue": venue,
        "location": location,
        "placement": placement,
        "event": factory.make_outreach_event(venue=venue),
    }
    if twin:
        return world
    material = factory.make_material()
    partner = factory.make_partner()
    return world | {
        "partner": partner,
        "partner_link": PartnerLink.objects.create(dispatch=dispatch, partner=partner),
        "network": factory.make_network(),
        "material": material,
        "edition": factory.make_edition(material=material),
        "recall": factory.make_recall(),
        "campaign": campaign,
        "target": factory.make_target(campaign=campaign),
        "dispatch": dispatch,
        "letter": LetterTemplate.objects.order_by("pk").first()
        or LetterTemplate.objects.create(language="lv", title="Sveiki", body="Teksts"),
        "photo": Photo.objects.create(
            placement=placement, image="photos/missing.jpg", width=4, height=3, source=Source.STAFF
        ),
        "import_run": ImportRun.objects.create(
            kind=ImportKind.VENUES, file_name="venues.csv", sha256="0" * 64
        ),
        "submitted_report": _submitted_report(campaign),
    }


def _submitted_report(campaign) -> SubmittedReport:
    """A submitted report with real figures and placeholder files (rendering them is slow)."""
    figures = build_figures(Scope(campaign), "en").to_json()
    return SubmittedReport.objects.create(
        campaign=campaign,
        period_start=campaign.starts_on,
        period_end=campaign.ends_on,
        lang="en",
        figures=figures,
        pdf=b"%PDF-1.4",
        pdf_sha256="0" * 64,
        xlsx=b"PK",
        xlsx_sha256="0" * 64,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def world(db):
    return {"lat": _world(twin=False), "kur": _world(twin=True)}


def _url(name: str, objects: dict) -> str:
    kwargs = {}
    for key in ALL_URLS[name].pattern.converters:
        if key == "token":
            kwargs[key] = objects[TOKEN_OF.get(name, "placement")].token
        elif key in OBJECT_KWARGS:
            assert name in OBJECT_OF, f"{name}: say in OBJECT_OF which object {key} is"
            kwargs[key] = objects[OBJECT_OF[name]].pk
        else:
            assert key in PLAIN_KWARGS, f"{name}: give a value for {key} in PLAIN_KWARGS"
            kwargs[key] = PLAIN_KWARGS[key]
    return reverse(name, kwargs=kwargs)


def _allowed(name: str, role: str | None) -> bool:
    level = ACCESS[name]
    if level == "public":
        return True
    if role is None:
        return False
    if role == "none":
        return level == "account"
    return Role(role) in ACCESS_ROLES[level]


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _requests(client, name: str, url: str):
    """GET always; POST with empty data too for pages that write."""
    yield "GET", client.get(url)
    if ACCESS[name] in WRITE_LEVELS:
        yield "POST", client.post(url, {})


def test_it_declares_every_url_and_only_real_ones():
    assert set(ALL_URLS) - set(ACCESS) == set(), "declare these pages in ACCESS"
    assert set(ACCESS) - set(ALL_URLS) == set(), "these ACCESS entries have no URL"
    assert set(ACCESS.values()) <= set(ACCESS_ROLES)
    assert {n for n, level in ACCESS.items() if level == "write"} >= REGION_SCOPED_URL_NAMES


def test_it_lets_anonymous_users_in_only_on_the_public_pages():
    public = {name for name, level in ACCESS.items() if level == "public"}
    assert public == {"login", "health", "set_language", "confirm", "partner_confirm"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ALL_URLS))
def test_it_gives_each_role_what_the_table_says(client, users, world, name):
    url = _url(name, world["lat"])
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            if role is not None:
                client.force_login(users[role])
            for method, response in _requests(client, name, url):
                where = f"{method} {url} as {role or 'anonymous'} ({ACCESS[name]})"
                if _allowed(name, role):
                    assert response.status_code != 403, where
                    assert not _is_login_redirect(response), where
                    if name not in MISSING_FILE_URL_NAMES:
                        assert response.status_code != 404, where
                elif role is None:
                    assert _is_login_redirect(response), where
                else:
                    assert response.status_code == 403, where
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REGION_SCOPED_URL_NAMES))
def test_it_keeps_the_regional_consultant_in_its_regions(client, users, world, name):
    client.force_login(users["regional"])
    own, other = _url(name, world["lat"]), _url(name, world["kur"])
    for method in ("GET", "POST"):
        with transaction.atomic():
            send = client.get if method == "GET" else client.post
            response = send(own) if method == "GET" else send(own, {})
            assert response.status_code not in (403, 404), f"{method} {own} (Latgale)"
            transaction.set_rollback(True)
        response = send(other) if method == "GET" else send(other, {})
        refused = {403, 405} if method == "GET" else {403}
        assert response.status_code in refused, f"{method} {other} (Kurzeme)"
