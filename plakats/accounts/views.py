"""The user's profile page: their role, regions and personal API tokens."""

from datetime import datetime, time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plakats.core.errors import DomainError
from plakats.core.permissions import role_of

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


def _page(request, form, secret=None, created=None):
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "role": role_of(request.user),
            "regions": request.user.regions.all(),
            "tokens": request.user.api_tokens.all(),
            "secret": secret,
            "created": created,
        },
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    """Show the tokens; a POST creates one and shows its secret this once only."""
    form = ApiTokenForm(request.POST or None)
    if form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on else None
        )
        try:
            token, secret = services.create_token(
                request.user, form.cleaned_data["name"], expires_at=expires_at
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else "expires_on", exc.message)
        else:
            return _page(request, ApiTokenForm(), secret=secret, created=token)
    return _page(request, form)


@require_POST
def token_revoke(request):
    """Revoke one of the user's own tokens (named by ``token`` in the form)."""
    token_id = request.POST.get("token", "")
    token = (
        ApiToken.objects.filter(pk=int(token_id), user=request.user).first()
        if token_id.isdigit() and len(token_id) < 12
        else None
    )
    if token is None:
        messages.error(request, _("There is no such token."))
    else:
        services.revoke_token(token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:profile")
