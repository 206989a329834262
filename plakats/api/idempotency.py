"""``Idempotency-Key`` on creates: a retried request returns the first answer.

The key is remembered per user with a hash of the request (method, path,
body). The create and the remembered answer are saved in one transaction, so
two copies of a request racing each other cannot both create.
"""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Header

from .errors import ApiError
from .models import IdempotencyKey

KeyHeader = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="Send the same key again to get the first answer instead of a second create.",
)


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def once(request, key: str | None, create: Callable[[], tuple[int, dict]]) -> JsonResponse:
    """Run ``create`` (returning status and JSON body) unless this key already did.

    The body was made by the operation's response schema, so it is sent as is.
    """
    status, body = _once(request, key, create)
    return JsonResponse(body, status=status)


def _once(request, key, create) -> tuple[int, dict]:
    if not key:
        return create()
    request_hash = _request_hash(request)
    user = request.auth
    previous = IdempotencyKey.objects.filter(user=user, key=key).first()
    if previous is not None:
        if previous.request_hash != request_hash:
            raise ApiError(
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was already used for a different request."),
                {"Idempotency-Key": [_("Use a new key for a new request.")]},
            )
        return previous.status, previous.body
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyKey.objects.create(
                user=user, key=key, request_hash=request_hash, status=status, body=body
            )
    except IntegrityError:
        if IdempotencyKey.objects.filter(user=user, key=key).exists():
            raise ApiError(
                409,
                "idempotency_key_in_use",
                _("A request with this Idempotency-Key is being handled; retry shortly."),
            ) from None
        raise
    return status, body
