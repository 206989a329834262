"""The machinery every list page shares: filter, sort by a whitelisted column, paginate."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest


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
    field = sorts[key]
    queryset = filterset.qs.order_by(
        f"-{field}" if descending else field, "-pk" if descending else "pk"
    )
    paginator = Paginator(queryset, page_size or settings.PLAKATS_PAGE_SIZE)
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
