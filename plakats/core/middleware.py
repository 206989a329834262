"""Refuse every page to a logged-in account that has no role yet."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .permissions import role_of

# Pages a user without a role may still open: logging out and changing a password.
ROLELESS_URL_NAMES = {"logout", "password_change", "password_change_done"}


class RoleRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not user.is_authenticated or role_of(user) is not None:
            return None
        match = request.resolver_match
        if match and match.url_name in ROLELESS_URL_NAMES:
            return None
        raise PermissionDenied(_("Your account has no role yet. Ask a coordinator for one."))
