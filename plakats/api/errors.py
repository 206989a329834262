"""One JSON error body for every refusal: ``{"code", "message", "fields"}``.

Handlers turn each kind of exception into it, so a client mistake is always a
4xx with this shape, never an HTML page or a 500.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from plakats.core.errors import DomainError

NON_FIELD = "__all__"


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


# Declared on every operation, so the schema says what each refusal looks like.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ApiError(Exception):
    """A refusal raised by API code itself, with its status and code."""

    def __init__(self, status: int, code: str, message, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def invalid(fields: dict[str, list[str]], message=None) -> ApiError:
    first = next((m for msgs in fields.values() for m in msgs), "")
    return ApiError(422, "invalid", message or first or _("The request is not valid."), fields)


def form_errors(form) -> ApiError:
    """The errors of a Django form (or FilterSet form) as one 422 error."""
    return invalid({name: [str(m) for m in msgs] for name, msgs in form.errors.items()})


def _location(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts[1:] if len(parts) > 1 and parts[0] == "filters" else parts) or NON_FIELD


def register(api) -> None:
    def respond(request, status, code, message, fields=None):
        body = {"code": code, "message": str(message), "fields": fields or {}}
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_location(error.get("loc", ())), []).append(str(error.get("msg")))
        return respond(request, 422, "invalid", _("The request is not valid."), fields)

    @api.exception_handler(DjangoValidationError)
    def model_invalid(request, exc):
        if hasattr(exc, "error_dict"):
            fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        else:
            fields = {NON_FIELD: [str(m) for m in exc.messages]}
        first = next(iter(fields.values()))[0]
        return respond(request, 422, "invalid", first, fields)

    @api.exception_handler(DomainError)
    def refused(request, exc):
        fields = {exc.field or NON_FIELD: [str(exc.message)]}
        return respond(request, 409, "refused", exc.message, fields)

    @api.exception_handler(IntegrityError)
    def conflict(request, exc):
        message = _("Someone saved a conflicting record at the same moment; check and try again.")
        return respond(request, 409, "conflict", message)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        message = str(exc) or _("You do not have permission to do this.")
        return respond(request, 403, "forbidden", message)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("Log in, or send a valid API token as “Authorization: Bearer <token>”.")
        return respond(request, 401, "unauthenticated", message)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        codes = {400: "bad_request", 403: "forbidden", 405: "method_not_allowed", 429: "throttled"}
        return respond(request, exc.status_code, codes.get(exc.status_code, "error"), exc.message)
