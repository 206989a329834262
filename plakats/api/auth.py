"""Who is calling: a personal API token (``Authorization: Bearer``) or the browser session.

Both let in only users with a role (as the UI does); the session needs the CSRF
token on unsafe methods, a bearer token does not (it is not sent by browsers
on their own).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from plakats.accounts.services import user_for_key
from plakats.core.permissions import role_of


def _with_role(user):
    if role_of(user) is None:
        raise PermissionDenied(_("Your account has no role yet. Ask a coordinator for one."))
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is None:
            return None
        # Views, history records and services read the acting user from the request.
        request.user = user
        return _with_role(user)


class BrowserSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        if request.user.is_authenticated:
            return _with_role(request.user)
        return None
