"""Web placement checks: fetch an online venue's page and see whether it still shows us.

``fetch_page`` is the HTTP client: http(s) only, a timeout for the whole fetch,
at most ``PLAKATS_WEB_CHECK_MAX_BYTES`` read (streamed, then it stops),
redirects followed by hand (at most ``MAX_REDIRECTS``), a clear User-Agent, and
every address — the first and each redirect's — resolved and refused when it
is private, loopback, link-local, multicast or reserved (SSRF), unless
``PLAKATS_WEB_CHECK_ALLOW_PRIVATE`` (tests only). The host is resolved once, when
the connection is opened, and the connection goes to the address that was
checked: a name that answers differently the second time (DNS rebinding) never
gets a second lookup.

``check_placement`` is the service: it fetches the venue's page, writes a
``WebCheck`` and moves the placement through the distribution services — found:
delivered (an online placement is delivered once published) and displayed with
web-check evidence; ``PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED`` failures in a
row: "removed (web check)".
"""

import html
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from plakats.distribution.choices import DISPLAY_TRANSITIONS, Axis, Delivery, Display, Evidence
from plakats.distribution.choices import Source as EventSource
from plakats.distribution.models import Placement
from plakats.distribution.services import change_status, record_evidence
from plakats.venues.choices import VenueKind

from .models.webchecks import WebCheck, WebCheckResult, WebRequirement

MAX_REDIRECTS = 5
REDIRECT_CODES = {301, 302, 303, 307, 308}
REMOVED_NOTE = gettext_lazy("removed (web check)")
FOUND_NOTE = gettext_lazy("found (web check)")
CLOSED_DELIVERY = [Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED]


class FetchRefused(Exception):
    """The address may not be fetched (not http(s), private address, too many redirects)."""


@dataclass(frozen=True)
class Page:
    """What one fetch got: the status, the final address, the text (maybe cut at the cap)."""

    status: int | None
    final_url: str
    text: str = ""
    truncated: bool = False
    error: str = ""

    @property
    def readable(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 300


def user_agent() -> str:
    return f"Plakats web check (+{settings.PLAKATS_BASE_URL})"


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def check_url(url: str) -> None:
    """Refuse ``url`` unless it is http(s) with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https addresses are checked, not {parts.scheme!r}")
    if not parts.hostname:
        raise FetchRefused("the address has no host")


def checked_address(host: str, port: int) -> str:
    """The address to connect to for ``host``: refused unless every address it has is public."""
    try:
        addresses = resolve_host(host, port)
    except (OSError, ValueError) as exc:
        raise FetchRefused(f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise FetchRefused(f"cannot resolve {host}")
    if not settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE:
        for address in addresses:
            if _refused_address(address):
                raise FetchRefused(f"{host} resolves to a private or reserved address ({address})")
    return addresses[0]


class _CheckedBackend(httpcore.SyncBackend):
    """Open each connection to the address ``checked_address`` approved, resolved once.

    TLS still verifies the certificate against the host name: httpcore starts
    TLS with the request's host as server name, whatever address it connected to.
    """

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = checked_address(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def _transport() -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend of its own; its connection pool does.
    transport._pool._network_backend = _CheckedBackend()
    return transport


def fetch_page(url: str) -> Page:
    """Fetch ``url`` within the limits above; never raises for network trouble."""
    timeout = settings.PLAKATS_WEB_CHECK_TIMEOUT
    cap = settings.PLAKATS_WEB_CHECK_MAX_BYTES
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent(), "Accept": "text/html,*/*;q=0.5"}
    current = url
    try:
        # trust_env=False: no proxy from the environment, so the address checked is the
        # address fetched.
        with httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers=headers,
            trust_env=False,
            transport=_transport(),
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                check_url(current)
                # One deadline for the whole fetch, redirects included.
                left = deadline - time.monotonic()
                if left <= 0:
                    raise httpx.TimeoutException("the redirects took too long")
                with client.stream("GET", current, timeout=left) as response:
                    if response.status_code in REDIRECT_CODES and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    body, truncated = _read_capped(response, cap, deadline)
                    text = body.decode(response.encoding or "utf-8", errors="replace")
                    return Page(response.status_code, current, text, truncated)
            raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")
    except FetchRefused as exc:
        return Page(None, current, error=f"refused: {exc}")
    except httpx.TimeoutException:
        return Page(None, current, error=f"no answer within {timeout} s")
    except httpx.HTTPError as exc:
        return Page(None, current, error=f"{type(exc).__name__}: {exc}"[:400])


def _read_capped(response: httpx.Response, cap: int, deadline: float) -> tuple[bytes, bool]:
    """Read at most ``cap`` bytes, and stop at the deadline (a page that trickles)."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the page took too long to arrive")
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


# Matching -------------------------------------------------------------------------------

# What may stand between the digits of a number: spaces (also no-break and thin ones),
# dashes, dots, slashes, brackets.
_SEP = r"[\s\u00a0\u202f\u2009\-\u2010\u2011\u2012\u2013./()]*"
_TAG = re.compile(r"<[^>]*>")
LATVIA = "371"


def local_digits(phone: str) -> str:
    """The number without its country code: ``+371 286 12 120`` → ``28612120``."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith(LATVIA) and len(digits) > 8:
        digits = digits[len(LATVIA) :]
    return digits


def phone_pattern(phone: str) -> re.Pattern:
    """A pattern for ``phone`` in any common formatting, with or without +371 / 00371."""
    digits = local_digits(phone)
    body = _SEP.join(re.escape(d) for d in digits)
    country = rf"(?:(?:\+|00){_SEP}{LATVIA}{_SEP}|{LATVIA}{_SEP})?"
    return re.compile(rf"(?<!\d){country}{body}(?!\d)")


def page_text(markup: str) -> str:
    """The page's text with tags as spaces and entities (``&nbsp;``) decoded."""
    return html.unescape(_TAG.sub(" ", markup))


def has_phone(markup: str, phone: str) -> bool:
    """Whether the page shows ``phone``, in its text or in a ``tel:`` link."""
    if not local_digits(phone):
        return False
    pattern = phone_pattern(phone)
    if pattern.search(page_text(markup)):
        return True
    return any(pattern.search(href) for href in links(markup) if href.lower().startswith("tel:"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "area"):
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links(markup: str) -> list[str]:
    parser = _Links()
    parser.feed(markup)
    parser.close()
    return parser.hrefs


def normalise_url(url: str, base: str = "") -> str:
    """One spelling per address: absolute, lower-case scheme and host, no default port,
    no ``www.``, no fragment, no trailing slash."""
    parts = urlsplit(urljoin(base, url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, parts.query, ""))


def has_link(markup: str, link_url: str, base: str) -> bool:
    """Whether the page links to ``link_url`` (http and https count as the same link)."""
    wanted = normalise_url(link_url).split("://", 1)[-1]
    return any(normalise_url(href, base).split("://", 1)[-1] == wanted for href in links(markup))


def page_shows(page: Page, requirement: WebRequirement) -> tuple[bool, str]:
    """Whether a fetched page meets the requirement, and what was missing."""
    missing = []
    if requirement.phone and not has_phone(page.text, requirement.phone):
        missing.append(f"phone {requirement.phone} not on the page")
    if requirement.link_url and not has_link(page.text, requirement.link_url, page.final_url):
        missing.append(f"no link to {requirement.link_url}")
    return not missing, "; ".join(missing)


# The service ----------------------------------------------------------------------------


def web_placements() -> QuerySet[Placement]:
    """Placements whose page is checked: online venue, a requirement, delivery not closed."""
    return Placement.objects.filter(
        venue__kind__in=VenueKind.online(), web_requirement__isnull=False
    ).exclude(delivery__in=CLOSED_DELIVERY)


def due_for_check(now: datetime | None = None) -> QuerySet[Placement]:
    """Web placements not checked (nor queued) within ``PLAKATS_WEB_CHECK_EVERY_HOURS``."""
    now = now or timezone.now()
    since = now - timedelta(hours=settings.PLAKATS_WEB_CHECK_EVERY_HOURS)
    recent = WebCheck.objects.filter(checked_at__gt=since).values("placement_id")
    return (
        web_placements()
        .exclude(pk__in=recent)
        .filter(
            Q(web_requirement__queued_at__isnull=True) | Q(web_requirement__queued_at__lte=since)
        )
    )


def consecutive_failures(placement: Placement) -> int:
    """Checks in a row, newest first, that did not find the page's content."""
    last_found = (
        WebCheck.objects.filter(placement=placement, result=WebCheckResult.FOUND)
        .order_by("-checked_at", "-id")
        .values_list("checked_at", "id")
        .first()
    )
    failures = WebCheck.objects.filter(placement=placement).exclude(result=WebCheckResult.FOUND)
    if last_found is not None:
        at, pk = last_found
        failures = failures.filter(Q(checked_at__gt=at) | Q(checked_at=at, id__gt=pk))
    return failures.count()


def check_placement(placement: Placement, *, now: datetime | None = None) -> WebCheck:
    """Fetch the placement's page, record the check, and move the placement as it says."""
    requirement = WebRequirement.objects.get(placement=placement)
    url = placement.venue.url
    page = fetch_page(url)  # outside the transaction: no lock held while waiting on the web
    at = now or timezone.now()
    if page.readable:
        found, detail = page_shows(page, requirement)
        result = WebCheckResult.FOUND if found else WebCheckResult.NOT_FOUND
        if page.truncated:
            cap = settings.PLAKATS_WEB_CHECK_MAX_BYTES
            detail = "; ".join(filter(None, [detail, f"only the first {cap} bytes were read"]))
    else:
        result = WebCheckResult.UNREACHABLE
        detail = page.error or f"HTTP {page.status}"
    with transaction.atomic():
        check = WebCheck.objects.create(
            placement=placement,
            checked_at=at,
            result=result,
            http_status=page.status,
            final_url=page.final_url[:2000],
            detail=detail[:500],
        )
        if result == WebCheckResult.FOUND:
            _found(placement, at)
        elif consecutive_failures(placement) >= settings.PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED:
            _gone(placement, at)
    return check


def _found(placement: Placement, at: datetime) -> None:
    placement = Placement.objects.get(pk=placement.pk)
    if placement.delivery in (Delivery.PLANNED, Delivery.SENT, Delivery.VIA_PARTNER):
        change_status(
            placement,
            Axis.DELIVERY,
            Delivery.DELIVERED,
            source=EventSource.WEB_CHECK,
            note=_staff_text(gettext_lazy("published (web check)")),
            occurred_at=at,
        )
        placement.refresh_from_db()
    if placement.delivery != Delivery.DELIVERED:
        return
    if placement.display != Display.DISPLAYED:
        if Display.DISPLAYED in DISPLAY_TRANSITIONS[placement.display]:
            change_status(
                placement,
                Axis.DISPLAY,
                Display.DISPLAYED,
                source=EventSource.WEB_CHECK,
                note=_staff_text(FOUND_NOTE),
                occurred_at=at,
            )
        return
    record_evidence(
        placement,
        Evidence.WEB_CHECK,
        source=EventSource.WEB_CHECK,
        note=_staff_text(FOUND_NOTE),
        occurred_at=at,
    )


def _gone(placement: Placement, at: datetime) -> None:
    """Enough failures in a row: a displayed placement is removed; one never seen is not
    displayed."""
    placement = Placement.objects.get(pk=placement.pk)
    if placement.delivery != Delivery.DELIVERED:
        return
    if Display.REMOVED in DISPLAY_TRANSITIONS[placement.display]:
        new, note = Display.REMOVED, REMOVED_NOTE
    elif placement.display == Display.UNKNOWN:
        new, note = Display.NOT_DISPLAYED, gettext_lazy("not found (web check)")
    else:
        return
    change_status(
        placement,
        Axis.DISPLAY,
        new,
        source=EventSource.WEB_CHECK,
        note=_staff_text(note),
        occurred_at=at,
    )


def _staff_text(text) -> str:
    """Event notes are read by staff: in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)
