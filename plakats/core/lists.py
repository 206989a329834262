"""The machinery every list page shares: filter, sort by a whitelisted column, paginate.

Pages are read ids first (``IdFirstPaginator``): the rows a deep page skips are
then only index entries, not joined rows; the long lists' row counts are kept
under the data version (``plakats.core.datacache``) like the report figures.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property

from .collation import latvian
from .datacache import cached
from .widgets import use_quick_selects

# Lists whose every change moves the data version, so their counts can be cached.
VERSIONED_COUNTS = {"distribution.Placement", "venues.Venue"}


class IdFirstPaginator(Paginator):
    """Read a page's ids with the list's filter and order, then only those rows, joined.

    A page deep in a long list otherwise makes the database join every row it
    skips (``OFFSET``); the ids come from the indexes alone.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if queryset.model._meta.label not in VERSIONED_COUNTS:
            return super().count
        try:
            sql = str(queryset.query)
        except Exception:  # a query Django cannot print: count it every time
            return super().count
        return cached(
            "list_count",
            (queryset.model._meta.label, sql),
            lambda: super(IdFirstPaginator, self).count,
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)


def pk_url(name: str) -> Callable[[int], str]:
    """Return pk → the URL named ``name``: one ``reverse`` for a whole page of rows."""
    sentinel = "2147483647"
    head, _sentinel, tail = reverse(name, args=[int(sentinel)]).rpartition(sentinel)
    return lambda pk: f"{head}{pk}{tail}"


def ordering(model: type[models.Model], path: str, *, descending: bool = False):
    """Order by ``path`` (``"name"``, ``"municipality__name"``); names in Latvian order.

    Free-text fields (names, addresses) sort by the ``lv`` collation; codes,
    choices, numbers and dates sort as stored.
    """
    field = None
    current = model
    try:
        for part in path.split("__"):
            field = current._meta.get_field(part)
            current = field.related_model or current
    except FieldDoesNotExist:
        field = None
    is_text = isinstance(field, models.CharField | models.TextField) and not field.choices
    expression = latvian(path) if is_text else F(path)
    return expression.desc() if descending else expression.asc()


def list_context(
    request: HttpRequest,
    filterset,
    *,
    sorts: dict[str, str],
    default_sort: str,
    page_size: int | None = None,
) -> dict:
    """Return the context of a filtered, sorted, paginated list page.

    ``sorts`` maps the public sort key (as in ``?sort=name`` / ``?sort=-name``)
    to the ORM field; anything else in the URL is ignored, never passed to
    ``order_by``.
    """
    requested = request.GET.get("sort", default_sort)
    key = requested.lstrip("-")
    if key not in sorts:
        requested, key = default_sort, default_sort.lstrip("-")
    descending = requested.startswith("-")
    queryset = filterset.qs.order_by(
        ordering(filterset.qs.model, sorts[key], descending=descending),
        "-pk" if descending else "pk",
    )
    use_quick_selects(filterset.form)
    paginator = IdFirstPaginator(queryset, page_size or settings.PLAKATS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return {
        "filter": filterset,
        "page_obj": page,
        "object_list": page.object_list,
        "sort": requested,
        "query_string": query.urlencode(),
        "sort_query_string": sort_query.urlencode(),
    }
