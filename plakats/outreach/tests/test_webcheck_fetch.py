"""The web check's HTTP client and matching, against a local server the test starts."""

import pytest

from plakats.outreach import webchecks
from plakats.outreach.models.webchecks import WebRequirement

from .webcheck_server import page, redirect, serve, slow

PHONE = "28612120"


@pytest.fixture
def web():
    """The local server; private addresses stay refused unless a test allows them."""
    with serve() as server:
        yield server


@pytest.fixture
def local_web(settings):
    """The local server, with private addresses allowed (it listens on 127.0.0.1)."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = True
    with serve() as server:
        yield server


def _shows(page_result, phone="", link=""):
    return webchecks.page_shows(page_result, WebRequirement(phone=phone, link_url=link))


@pytest.mark.parametrize(
    "shown",
    [
        "28612120",
        "+371 28612120",
        "286 12 120",
        "+371 286 12 120",
        "+371&nbsp;286&nbsp;12&nbsp;120",
        "286-12-120",
        "(+371) 2861-2120",
        "00371 28612120",
        "<b>286</b> 12 120",
    ],
)
def test_it_finds_the_number_in_each_formatting(local_web, shown):
    local_web.routes["/"] = page(f"<html><body><p>Call us: {shown}</p></body></html>")
    fetched = webchecks.fetch_page(local_web.url("/"))
    assert fetched.status == 200
    assert _shows(fetched, phone=PHONE) == (True, "")
    assert _shows(fetched, phone="+371 286 12 120")[0]


def test_it_finds_the_number_in_a_tel_link(local_web):
    local_web.routes["/"] = page('<a href="tel:+37128612120">Call the hotline</a>')
    assert _shows(webchecks.fetch_page(local_web.url("/")), phone=PHONE)[0]


@pytest.mark.parametrize("shown", ["28612121", "128612120", "2861212", "286121200", "Call 112"])
def test_it_does_not_see_the_number_in_a_changed_page(local_web, shown):
    local_web.routes["/"] = page(f"<html><body><p>Call us: {shown}</p></body></html>")
    found, detail = _shows(webchecks.fetch_page(local_web.url("/")), phone=PHONE)
    assert not found
    assert detail == "phone 28612120 not on the page"


def test_it_matches_links_after_normalising(local_web):
    local_web.routes["/"] = page(
        '<a href="HTTPS://WWW.Example.org:443/help/#top">help</a><a href="/local/">here</a>'
    )
    fetched = webchecks.fetch_page(local_web.url("/"))
    assert _shows(fetched, link="http://example.org/help")[0]
    assert _shows(fetched, link=local_web.url("/local"))[0]
    assert not _shows(fetched, link="https://example.org/other")[0]


def test_it_sends_a_clear_user_agent(local_web, settings):
    settings.PLAKATS_BASE_URL = "https://plakats.example.org"
    local_web.routes["/"] = page("ok")
    webchecks.fetch_page(local_web.url("/"))
    assert local_web.user_agents == ["Plakats web check (+https://plakats.example.org)"]


def test_it_reports_a_404(local_web):
    fetched = webchecks.fetch_page(local_web.url("/gone"))
    assert (fetched.status, fetched.readable) == (404, False)


def test_it_gives_up_after_the_timeout(local_web, settings):
    settings.PLAKATS_WEB_CHECK_TIMEOUT = 0.3
    local_web.routes["/slow"] = slow(1.5, f"<p>{PHONE}</p>")
    fetched = webchecks.fetch_page(local_web.url("/slow"))
    assert fetched.status is None
    assert fetched.error == "no answer within 0.3 s"


def test_it_follows_redirects_by_hand(local_web):
    local_web.routes["/old"] = redirect("/new")
    local_web.routes["/new"] = page(f"<p>{PHONE}</p>")
    fetched = webchecks.fetch_page(local_web.url("/old"))
    assert (fetched.status, fetched.final_url) == (200, local_web.url("/new"))
    assert local_web.requested == ["/old", "/new"]


def test_it_stops_after_five_redirects(local_web):
    for n in range(7):
        local_web.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    fetched = webchecks.fetch_page(local_web.url("/r0"))
    assert fetched.error == "refused: more than 5 redirects"
    assert local_web.requested == ["/r0", "/r1", "/r2", "/r3", "/r4", "/r5"]


def _public_loopback(monkeypatch, names: dict[str, list[list[str]]]):
    """Let 127.0.0.1 (the test server) stand in for a public site; answer ``names`` in turn.

    Each name maps to the answers its successive lookups get; other names resolve
    for real. Returns the list of names looked up.
    """
    real_resolve, real_refused = webchecks.resolve_host, webchecks._refused_address
    calls = []

    def resolve(host, port):
        calls.append(host)
        answers = names.get(host)
        return answers.pop(0) if answers else real_resolve(host, port)

    monkeypatch.setattr(webchecks, "resolve_host", resolve)
    monkeypatch.setattr(
        webchecks, "_refused_address", lambda a: a != "127.0.0.1" and real_refused(a)
    )
    return calls


def test_it_refuses_a_redirect_to_a_private_address(web, settings, monkeypatch):
    """The first address passes as public; its redirect to a private one is refused unfetched."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = False
    _public_loopback(monkeypatch, {"site.test": [["127.0.0.1"]], "intranet.test": [["10.0.0.5"]]})
    port = web.url("/").split(":")[2].split("/")[0]
    web.routes["/start"] = redirect(f"http://intranet.test:{port}/internal")
    web.routes["/internal"] = page(f"<p>{PHONE}</p>")
    fetched = webchecks.fetch_page(f"http://site.test:{port}/start")
    assert (
        fetched.error
        == "refused: intranet.test resolves to a private or reserved address (10.0.0.5)"
    )
    assert web.requested == ["/start"]
    assert fetched.final_url == f"http://intranet.test:{port}/internal"


def test_it_connects_to_the_address_it_checked(web, settings, monkeypatch):
    """A name looked up once: a second answer pointing inside (DNS rebinding) is never asked."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = False
    calls = _public_loopback(
        monkeypatch, {"rebind.test": [["127.0.0.1"], ["10.0.0.5"], ["10.0.0.5"]]}
    )
    port = web.url("/").split(":")[2].split("/")[0]
    web.routes["/"] = page(f"<p>{PHONE}</p>")
    fetched = webchecks.fetch_page(f"http://rebind.test:{port}/")
    assert (fetched.status, fetched.error) == (200, "")
    assert calls == ["rebind.test"]
    assert web.requested == ["/"]


def test_it_refuses_private_addresses_by_default(web, settings):
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = False
    web.routes["/"] = page(PHONE)
    fetched = webchecks.fetch_page(web.url("/"))
    assert fetched.error.startswith("refused:")
    assert web.requested == []


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "240.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
        "::ffff:127.0.0.1",
    ],
)
def test_it_counts_these_addresses_as_private(address):
    assert webchecks._refused_address(address)


def test_it_lets_public_addresses_through():
    assert not webchecks._refused_address("93.184.216.34")
    assert not webchecks._refused_address("2606:4700::1111")


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/"])
def test_it_checks_only_http_addresses(url, settings):
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = True
    assert webchecks.fetch_page(url).error.startswith("refused: only http and https")


def test_it_reads_no_more_than_the_size_cap(local_web, settings):
    settings.PLAKATS_WEB_CHECK_MAX_BYTES = 64 * 1024
    filler = "x" * (3 * 1024 * 1024)
    local_web.routes["/late"] = page(f"<p>{filler}</p><p>{PHONE}</p>")
    local_web.routes["/early"] = page(f"<p>{PHONE}</p><p>{filler}</p>")
    late = webchecks.fetch_page(local_web.url("/late"))
    assert late.truncated
    assert len(late.text) == 64 * 1024
    assert not _shows(late, phone=PHONE)[0]
    assert _shows(webchecks.fetch_page(local_web.url("/early")), phone=PHONE)[0]
