"""Keyset (cursor) pagination for every API list.

A page is the ``limit`` rows after the cursor in a fixed order (a whitelisted
``ordering`` plus ``id`` as tie-breaker). The cursor is opaque to clients: the
ordering's name and the last row's sort value and id, base64-encoded. Page 500
costs the same query as page 1: a ``WHERE (key, id) > (last key, last id)`` on
an ordered index, never an OFFSET.
"""

import base64
import binascii
import json
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, create_model

from .errors import invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Ids in paths and filters: positive and within a 32-bit integer, so no value a
# client sends can overflow a database integer.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Free text in a query string: no NUL character (PostgreSQL refuses them).
SearchText = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]


class PageParams(Schema):
    cursor: str | None = Field(None, max_length=500, description="The `next` of the last page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")


def page_of(schema: type[Schema]) -> type[Schema]:
    """The response schema of a list of ``schema``: ``results`` and the ``next`` cursor."""
    return create_model(
        f"{schema.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        results=(list[schema], ...),
        next=(str | None, None),
    )


def ordering_param(sorts: dict[str, str], default: str):
    """A description of the ``ordering`` query parameter for one list."""
    names = ", ".join(sorted(sorts))
    return Field(
        default,
        max_length=40,
        description=f"One of: {names}; prefix with '-' for descending.",
    )


def _encode(ordering: str, value, pk: int) -> str:
    raw = json.dumps([ordering, value, pk], cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, ordering: str, field) -> tuple:
    bad = invalid({"cursor": [_("This cursor is not valid for this list and ordering.")]})
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise bad from None
    if name != ordering or not isinstance(pk, int) or not 0 <= pk <= 2**63 - 1:
        raise bad
    try:
        value = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        raise bad from None
    return value, pk


def keyset_page(
    queryset: QuerySet, *, ordering: str, sorts: dict[str, str], cursor: str | None, limit: int
) -> tuple[list, str | None]:
    """One page of ``queryset`` in ``ordering`` (a key of ``sorts``, maybe with '-').

    The sort fields in ``sorts`` are non-null fields of the model itself.
    """
    name = ordering.lstrip("-")
    if name not in sorts:
        allowed = ", ".join(sorted(sorts))
        raise invalid({"ordering": [_("Order by one of: %(allowed)s.") % {"allowed": allowed}]})
    descending = ordering.startswith("-")
    field_name = sorts[name]
    field = queryset.model._meta.get_field(field_name)
    if cursor:
        value, pk = _decode(cursor, ordering, field)
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{field_name}__{after}": value}) | Q(**{field_name: value, f"pk__{after}": pk})
        )
    sign = "-" if descending else ""
    keys = [f"{sign}{field_name}", f"{sign}pk"] if field_name != "id" else [f"{sign}pk"]
    rows = list(queryset.order_by(*keys)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = _encode(ordering, field.value_from_object(last), last.pk)
    return rows, next_cursor
