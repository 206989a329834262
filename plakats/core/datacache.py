"""Figures (report aggregates, big lists' row counts) kept until the data behind them changes.

At a million placements the dashboard's aggregates take seconds, and most
requests ask for figures nothing has changed since. Each figure is cached under
a key that contains a *data version*: one query reading the newest id and
change time of every table the figures are computed from (placements, their
events, confirmations, dispatches, stock movements, outreach events, targets,
venues, campaigns). Any write those tables see — a status change, an answer
from a venue, a new dispatch, an edited venue — gives a new version, so the
next request computes afresh; nothing is ever invalidated by hand.

The key also holds the scope, the language and the current hour, because
"displayed" counts only evidence newer than a moving cutoff
(``PLAKATS_EVIDENCE_MAX_AGE_DAYS``): a cached figure is at most an hour behind
that cutoff. Deleting a row without adding or changing another (which the app
never does for placements) is the one change the version does not see; the
hour in the key bounds that too.

``PLAKATS_FIGURE_CACHE_SECONDS`` (default a day) caps how long a figure is kept;
0 turns the cache off. Within one request the version is read once
(``FigureVersionMiddleware``); outside requests, once per figure.
"""

import functools
import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

# (app label, model name, columns whose MAX changes on every write that matters)
VERSIONED = [
    ("distribution", "Placement", ["id", "updated_at"]),
    ("distribution", "PlacementEvent", ["id"]),
    ("distribution", "Confirmation", ["id"]),
    ("distribution", "Dispatch", ["id", "updated_at"]),
    ("distribution", "Target", ["id", "updated_at"]),
    ("distribution", "Campaign", ["id", "updated_at"]),
    ("materials", "StockMovement", ["id"]),
    ("outreach", "OutreachEvent", ["id", "updated_at"]),
    ("venues", "Venue", ["id", "updated_at"]),
]


def _version_sql() -> str:
    from django.apps import apps

    # Only quoted table and column names from the models' own metadata are formatted in.
    quote = connection.ops.quote_name
    parts = []
    for app_label, model_name, columns in VERSIONED:
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        parts += [
            f"(SELECT MAX({quote(column)}) FROM {table})"  # noqa: S608  # nosec B608
            for column in columns
        ]
    # Target regions are a many-to-many table: its size changes when they change.
    through = apps.get_model("distribution", "Target").regions.through._meta.db_table
    parts.append(f"(SELECT COUNT(*) FROM {quote(through)})")  # noqa: S608  # nosec B608
    return "SELECT " + ", ".join(parts)


_request_memo: ContextVar[dict | None] = ContextVar("plakats_figure_version", default=None)


def data_version() -> str:
    """A short fingerprint of the newest rows of every table the figures read (one query)."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone()
    version = hashlib.blake2s(repr(row).encode(), digest_size=8).hexdigest()
    if memo is not None:
        memo["version"] = version
    return version


class FigureVersionMiddleware:
    """Read the data version at most once per request (no write happens mid-report)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def _scope_key(scope) -> str:
    return "|".join(
        str(part)
        for part in (
            scope.campaign.pk,
            scope.start,
            scope.end,
            scope.region.pk if scope.region else None,
            scope.verified,
            scope.level,
        )
    )


def figure_key(name: str, *parts) -> str:
    """The cache key of a figure: its name, what it is about, language, hour, data version."""
    text = "|".join(
        [
            name,
            *(str(part) for part in parts),
            translation.get_language() or "",
            timezone.now().strftime("%Y%m%d%H"),
            data_version(),
        ]
    )
    return "plakats:figure:" + hashlib.blake2s(text.encode(), digest_size=16).hexdigest()


def cached(name: str, parts: tuple, compute):
    """``compute()``, kept under ``figure_key(name, *parts)`` (not cached when turned off)."""
    seconds = settings.PLAKATS_FIGURE_CACHE_SECONDS
    if not seconds:
        return compute()
    key = figure_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def once_per_request(function):
    """Run ``function(scope)`` at most once per request: several figures are derived from it.

    Outside a request (commands, tests calling it directly) it runs every time.
    """

    @functools.wraps(function)
    def wrapper(scope):
        memo = _request_memo.get()
        if memo is None:
            return function(scope)
        key = ("once", function.__qualname__, _scope_key(scope))
        if key not in memo:
            memo[key] = function(scope)
        return memo[key]

    return wrapper


def cached_figure(function):
    """Cache ``function(scope, *args, **kwargs)`` under the data version (see module doc)."""

    @functools.wraps(function)
    def wrapper(scope, *args, **kwargs):
        parts = (_scope_key(scope), repr((args, sorted(kwargs.items()))))
        return cached(function.__qualname__, parts, lambda: function(scope, *args, **kwargs))

    wrapper.uncached = function
    return wrapper
