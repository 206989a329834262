"""Every HTML page of the app, with the demo data, passes the axe-core WCAG 2.1 AA check.

The pages come from the URL resolver, so a new URL pattern is visited without
being listed here: the test fails until it says which demo object fills the
URL (``OBJECT_OF``) or, for a URL that is no HTML page (a file, JSON, POST
only), excludes it in ``EXCLUDED`` with the reason. Staff pages are opened as
the coordinator (administrator-only pages as the administrator) on a desktop,
plus the 404 page; the public venue pages, the login page and the expired-link
page on a phone. A few key forms are also checked in their error state.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import expect

from plakats.accounts.models import User
from plakats.core.demo import DEMO_PASSWORD
from plakats.core.permissions import ACCESS
from plakats.core.tests import factory
from plakats.core.tests.browser import PHONE, log_in
from plakats.core.tests.test_access_table import OBJECT_OF as ACCESS_OBJECT_OF
from plakats.distribution.models import Campaign, Dispatch, PartnerLink, Placement, Target
from plakats.distribution.models.printing import LetterTemplate
from plakats.distribution.models.recall import Recall
from plakats.distribution.services.recall import RecallRefused, supersede_edition
from plakats.distribution.views.placements import AXIS_VALUES
from plakats.distribution.views.visits import visit_venues
from plakats.imports.models import ImportKind, ImportRun
from plakats.materials.models import Edition, Material, StockLocation
from plakats.outreach.models import OutreachEvent
from plakats.outreach.models.webchecks import WebRequirement
from plakats.outreach.webchecks import CLOSED_DELIVERY, web_placements
from plakats.reports.figures import build_figures
from plakats.reports.models import SubmittedReport
from plakats.reports.queries import Scope
from plakats.venues.choices import VenueKind
from plakats.venues.models import Partner

# Whole namespaces that are not the app's own HTML pages.
EXCLUDED_NAMESPACES = {
    "admin": "Django's own admin site, styled and maintained by Django, not by us",
    "api": "the REST API answers JSON; its docs page is django-ninja's bundled Swagger UI",
}

# URL names that are never shown as an HTML page, each with the reason.
EXCLUDED = {
    "health": "a JSON health check for the load balancer",
    "set_language": "the language switch's POST target; it only redirects",
    "logout": "POST only; it redirects to the login page",
    "accounts:token_revoke": "POST only; it redirects back to the profile",
    "materials:edition_artwork": "streams an edition's artwork file",
    "distribution:photo": "streams a photo (image/jpeg)",
    "distribution:label_test_print": "a PDF",
    "distribution:letter_sample": "a PDF",
    "distribution:followup_export": "a CSV/XLSX download",
    "distribution:followup_remind": "POST only; it redirects to the follow-up list",
    "distribution:recall_export": "a CSV/XLSX download",
    "distribution:recall_web_tasks_export": "a CSV/XLSX download",
    "distribution:visit_record": "POST only: the field-visit form's target (JSON or redirect)",
    "distribution:placement_bulk_status": "POST only; it redirects to the placement list",
    "distribution:step_undo": "POST only; it redirects back",
    "distribution:dispatch_status": "POST only: the dispatch page's status form",
    "distribution:placement_status": "POST only: the placement page's status forms",
    "distribution:recall_replace": "POST only: the recall page's replacement form",
    "distribution:recall_close": "POST only: the recall page's close button",
    "outreach:webcheck_run": "POST only: the web-check list's check-now button",
    "imports:export": "a CSV/XLSX download",
    "imports:export_links": "an htmx fragment of a list page; checked inside that page",
    "imports:import_mapping": "POST only; it redirects to the import run",
    "imports:import_commit": "POST only; it redirects to the import run",
    "imports:import_progress": "an htmx fragment of the import run page; checked inside it",
    "reports:map_data": "JSON for the map's script",
    "reports:map_outlines": "GeoJSON for the map's script",
    "reports:funder_submit": "POST only; it redirects to the submitted report",
    "reports:submitted_pdf": "a PDF",
    "reports:submitted_xlsx": "an XLSX download",
}

# Pages a venue opens from its letter or e-mail, without logging in.
PUBLIC_PAGES = ("confirm", "partner_confirm")
ANONYMOUS_PAGES = ("login",)

# Which demo object each URL's object keyword (pk, partner_pk, ...) is.
OBJECT_OF = {
    **ACCESS_OBJECT_OF,
    # Pages that need a livelier object than the access walk's.
    "distribution:visit_venue": "visit_venue",
    "outreach:webcheck_requirement": "web_placement",
    "outreach:webcheck_run": "web_placement",
}
TOKEN_OF = {"confirm": "placement", "partner_confirm": "partner_link"}
PLAIN_KWARGS = {"axis": next(iter(AXIS_VALUES)).value}


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns not in EXCLUDED_NAMESPACES:
                yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _patterns() -> dict[str, URLPattern]:
    return dict(sorted(_walk(get_resolver().url_patterns)))


def _staff_pages() -> list[str]:
    skip = set(EXCLUDED) | set(PUBLIC_PAGES) | set(ANONYMOUS_PAGES)
    return [name for name in _patterns() if name not in skip]


def _demo_objects(coordinator) -> dict:
    """The first demo object of each kind; the few kinds the demo has none of are made here."""
    visit_venue = visit_venues(coordinator).order_by("pk").first()
    placement = Placement.objects.filter(venue=visit_venue).order_by("pk").first()
    campaign = Campaign.objects.order_by("pk").first()
    dispatch = Dispatch.objects.order_by("pk").first()
    return {
        "venue": placement.venue,
        "visit_venue": visit_venue,
        "placement": placement,
        "web_placement": _web_placement(),
        "partner": Partner.objects.order_by("pk").first(),
        "material": Material.objects.order_by("pk").first(),
        "edition": Edition.objects.order_by("pk").first(),
        "location": StockLocation.objects.order_by("pk").first(),
        "campaign": campaign,
        "target": Target.objects.order_by("pk").first(),
        "dispatch": dispatch,
        "event": OutreachEvent.objects.order_by("pk").first(),
        "recall": Recall.objects.order_by("pk").first() or _recall(),
        "letter": LetterTemplate.objects.order_by("pk").first()
        or LetterTemplate.objects.create(language="lv", title="Sveiki", body="Paldies!"),
        "partner_link": PartnerLink.objects.order_by("pk").first(),
        "import_run": ImportRun.objects.order_by("pk").first()
        or ImportRun.objects.create(
            kind=ImportKind.VENUES, file_name="venues.csv", sha256="0" * 64
        ),
        "submitted_report": SubmittedReport.objects.order_by("pk").first()
        or _submitted_report(campaign),
    }


def _web_placement() -> Placement:
    """The demo's web banners have no requirement to check; give the first one a phone number."""
    found = web_placements().order_by("pk").first()
    if found:
        return found
    placement = (
        Placement.objects.filter(venue__kind__in=VenueKind.online())
        .exclude(delivery__in=CLOSED_DELIVERY)
        .order_by("pk")
        .first()
    )
    WebRequirement.objects.create(placement=placement, phone="+371 28612120")
    return placement


def _recall() -> Recall:
    """Replace a demo edition that reached venues by a new edition, which opens its recall."""
    for edition in Edition.objects.filter(placements__isnull=False).distinct().order_by("pk"):
        successor = factory.make_edition(material=edition.material, language=edition.language)
        try:
            return supersede_edition(edition, successor, reason="The hotline number changed")
        except RecallRefused:
            successor.delete()
    raise AssertionError("no demo edition could be replaced")


def _submitted_report(campaign) -> SubmittedReport:
    """A submitted report with the campaign's real figures and placeholder files."""
    return SubmittedReport.objects.create(
        campaign=campaign,
        period_start=campaign.starts_on,
        period_end=campaign.ends_on,
        lang="en",
        figures=build_figures(Scope(campaign), "en").to_json(),
        pdf=b"%PDF-1.4",
        pdf_sha256="0" * 64,
        xlsx=b"PK",
        xlsx_sha256="0" * 64,
        submitted_at=timezone.now(),
    )


def _url(name: str, pattern: URLPattern, objects: dict) -> str:
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "token":
            kwargs[key] = objects[TOKEN_OF[name]].token
        elif key in PLAIN_KWARGS:
            kwargs[key] = PLAIN_KWARGS[key]
        else:
            assert name in OBJECT_OF, f"{name}: say in OBJECT_OF which demo object {key} is"
            kwargs[key] = objects[OBJECT_OF[name]].pk
    return reverse(name, kwargs=kwargs)


def _log_in(page, base_url: str, username: str, a11y) -> None:
    page.goto(f"{base_url}/login/")
    a11y(page)
    log_in(page, base_url, username, DEMO_PASSWORD)
    a11y(page)


def test_it_knows_every_url_pattern():
    """A URL pattern is either visited by the tests below or excluded above with a reason."""
    patterns = _patterns()
    assert not sorted(set(EXCLUDED) - set(patterns)), "EXCLUDED names a URL that is gone"
    assert all(EXCLUDED.values()), "every excluded URL needs its reason"
    visited = {*_staff_pages(), *PUBLIC_PAGES, *ANONYMOUS_PAGES}
    assert set(patterns) == visited | set(EXCLUDED)
    assert "venues:venue_list" in visited
    assert "reports:map_data" not in visited


def _open_html(page, base_url: str, path: str, *, status: int = 200) -> None:
    """Open ``path``, first making sure it answers an HTML page (not a file, a 405 or a 404)."""
    response = page.request.get(base_url + path, max_redirects=0)
    kind = response.headers.get("content-type", "")
    assert response.status == status and kind.startswith("text/html"), (
        f"{path} answered {response.status} {kind}: fix the test's demo object,"
        " or add the URL to EXCLUDED with the reason it is not an HTML page"
    )
    page.goto(base_url + path)


def _submit_empty(page) -> None:
    """Submit the page's main form as it is, past the browser's own required-field check."""
    form = page.locator("main form[method=post i]").last
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_it_checks_every_staff_page(demo, page, open_page, a11y):
    coordinator = User.objects.get(username="coordinator")
    objects = _demo_objects(coordinator)
    patterns = _patterns()
    _log_in(page, demo.url, "coordinator", a11y)
    admin_page = None
    for name in _staff_pages():
        if ACCESS[name] == "admin":
            if admin_page is None:
                admin_page = open_page(viewport=page.viewport_size, locale="en-GB")
                _log_in(admin_page, demo.url, "admin", a11y)
            user_page = admin_page
        else:
            user_page = page
        _open_html(user_page, demo.url, _url(name, patterns[name], objects))
        a11y(user_page)
    page.goto(f"{demo.url}/no-such-page/")
    assert page.locator("h1").count() == 1
    a11y(page)


@pytest.mark.django_db(transaction=True)
def test_it_checks_the_public_pages_on_a_phone(demo, open_page, a11y):
    objects = _demo_objects(User.objects.get(username="coordinator"))
    patterns = _patterns()
    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="lv-LV")
    confirm = _url("confirm", patterns["confirm"], objects)
    # The demo campaign ended in 2015: its links show the "link expired" page ...
    _open_html(phone, demo.url, confirm, status=410)
    a11y(phone)
    # ... until the campaign runs again; then the answer form, and its errors when empty.
    Campaign.objects.update(ends_on=timezone.localdate() + timedelta(days=30))
    _open_html(phone, demo.url, confirm)
    a11y(phone)
    _submit_empty(phone)
    assert phone.locator(".errorlist, small.error").count() > 0, "the empty answer showed no error"
    a11y(phone)
    _open_html(phone, demo.url, _url("partner_confirm", patterns["partner_confirm"], objects))
    a11y(phone)
    _open_html(phone, demo.url, _url("login", patterns["login"], objects))
    a11y(phone)
    phone.fill("input[name=username]", "coordinator")
    phone.fill("input[name=password]", "not the password")
    phone.click("main button[type=submit]")
    expect(phone.locator("main [role=alert]")).to_be_visible()
    a11y(phone)


@pytest.mark.django_db(transaction=True)
def test_it_checks_forms_with_errors(demo, page, a11y):
    _log_in(page, demo.url, "coordinator", a11y)
    for path in ("/venues/new/", "/outreach/hotline/new/", "/outreach/events/new/"):
        page.goto(demo.url + path)
        a11y(page)
        _submit_empty(page)
        assert page.locator(".errorlist").count() > 0, f"{path}: the empty form showed no error"
        a11y(page)
