"""The REST API at /api/v1/: one NinjaAPI, one router per resource module.

The OpenAPI 3 schema is generated from the type hints (``/api/v1/openapi.json``);
the docs page (``/api/v1/docs``) is Swagger UI served from django-ninja's own
static files, no CDN. Every operation needs a token or a session of a user with
a role; writes are checked per operation with ``plakats.core.permissions``.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import URLPattern
from ninja import NinjaAPI, Swagger

from plakats.core.permissions import check, role_of

from . import errors
from .auth import BrowserSessionAuth, TokenAuth


def _for_users_with_a_role(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check(role_of(request.user) is not None)
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="Plakats API",
    version="1",
    description=(
        "Campaign materials: venues, stock, dispatches, placements and their evidence. "
        "Authenticate with `Authorization: Bearer <token>` (tokens are created on the "
        "profile page) or the browser session. Lists are paginated by cursor: pass the "
        "`next` of a page as `cursor` to get the following one. Errors are "
        '`{"code", "message", "fields"}`.'
    ),
    auth=[TokenAuth(), BrowserSessionAuth(csrf=True)],
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    # The docs page and schema are for logged-in users with a role, like every page.
    docs_decorator=_for_users_with_a_role,
)
errors.register(api)


def _register_routers() -> None:
    from . import (
        campaigns,
        confirmations,
        dispatches,
        geo,
        materials,
        outreach,
        placements,
        stock,
        venues,
    )

    for module in (
        geo,
        venues,
        materials,
        stock,
        campaigns,
        dispatches,
        placements,
        confirmations,
        outreach,
    ):
        api.add_router("", module.router)


_register_routers()


def urls():
    """The API's URL patterns, exempt from the login redirect: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
