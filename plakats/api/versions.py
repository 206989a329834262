"""Optimistic locking for API edits: an ``ETag`` on every record read, ``If-Match`` on PATCH.

A client reads a record and gets its ``ETag``, a fingerprint of when it was last
saved. Sending it back as ``If-Match`` with a PATCH refuses the edit with 412 when
someone saved the record in between, instead of silently overwriting their change
(the UI's edit pages do the same with a snapshot; see ``plakats.core.concurrency``).
A PATCH without ``If-Match`` still applies, as for scripts that never read first.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Header

from .common import get
from .errors import ERRORS, ApiError, ErrorOut

EDIT_ERRORS = {**ERRORS, 412: ErrorOut}

IfMatch = Header(
    None,
    alias="If-Match",
    max_length=200,
    description="The ETag the record had when read; the edit is refused (412) if it changed since.",
)


def etag(obj) -> str:
    text = f"{obj._meta.label}:{obj.pk}:{obj.updated_at.isoformat()}"
    return '"' + hashlib.blake2s(text.encode(), digest_size=8).hexdigest() + '"'


def tagged(response, obj):
    """Return ``obj`` with its ETag set on the (temporal) response."""
    response["ETag"] = etag(obj)
    return obj


def _matches(if_match: str, current: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    return "*" in tags or current in tags


@contextmanager
def locked(queryset, pk: int, if_match: str | None) -> Iterator:
    """The record, locked for the edit's transaction; 412 if ``If-Match`` names another version."""
    with transaction.atomic():
        obj = get(queryset.select_for_update(of=("self",)), pk)
        if if_match is not None and not _matches(if_match, etag(obj)):
            raise ApiError(
                412,
                "changed",
                _(
                    "Someone changed this record after you read it. Read it again, "
                    "check their change and repeat yours."
                ),
            )
        yield obj
