"""Helpers the resource modules share: form input, object lookup, list filtering."""

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .errors import ApiError, form_errors
from .pagination import keyset_page


def form_data(payload, instance=None, fields=None) -> dict:
    """A form's data from a request body: what was sent, over the instance's current values."""
    data = {}
    if instance is not None:
        for name, value in model_to_dict(instance, fields=fields).items():
            if isinstance(value, list):
                value = [getattr(v, "pk", v) for v in value]
            data[name] = value
    for name, value in payload.model_dump(exclude_unset=instance is not None).items():
        data[name] = "" if value is None else value
    return data


def save_form(form):
    """Validate and save a model form the way its page does; errors become a 422."""
    if not form.is_valid():
        raise form_errors(form)
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        raise ApiError(
            409,
            "conflict",
            _("Someone saved a conflicting record at the same moment; check and try again."),
        ) from None


def valid(form):
    """The cleaned data of a valid form, or the form's errors as a 422."""
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data


def filter_data(filters, exclude=("cursor", "limit", "ordering")) -> dict:
    """The validated query parameters as a FilterSet's data (booleans as "true"/"false")."""
    data = {}
    for name, value in filters.model_dump(exclude_none=True).items():
        if name in exclude:
            continue
        data[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return data


def filtered(filterset_class, filters, queryset, request=None):
    """Apply a list's FilterSet (the UI's) to the query; a bad filter value is a 422."""
    filterset = filterset_class(filter_data(filters), queryset=queryset, request=request)
    if not filterset.is_valid():
        raise form_errors(filterset.form)
    return filterset.qs


def page(queryset, params, sorts: dict[str, str]) -> dict:
    """One keyset page of ``queryset`` by the ``ordering``, ``cursor`` and ``limit`` in params."""
    rows, next_cursor = keyset_page(
        queryset, ordering=params.ordering, sorts=sorts, cursor=params.cursor, limit=params.limit
    )
    return {"results": rows, "next": next_cursor}


def get(queryset, pk: int):
    return get_object_or_404(queryset, pk=pk)


def created(schema, obj) -> tuple[int, dict]:
    return 201, schema.from_orm(obj).model_dump(mode="json")
