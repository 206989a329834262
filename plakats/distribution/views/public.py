"""The public confirmation page venues reach by QR code or link (no login).

The page shows only the venue's name and the materials it was sent in this
dispatch, and takes one answer: received and put up (where), received but not
put up (why), or not received, with an optional photo. It speaks the venue's
language (Latvian unless the venue prefers English or Russian) unless ``?lang=``
asks for another of ``settings.VENUE_LANGUAGES``. A wrong token gets a friendly
404 with the organisation's contact and counts against the client's address;
too many wrong tokens from one address get a 429 for every token, for a while.
"""

import logging
import re

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from plakats.core.errors import DomainError

from ..choices import Answer, Display
from ..models import Placement
from ..services import record_confirmation
from ..services.confirmations import (
    REASON_MAX,
    WHERE_MAX,
    confirmation_group,
    correction_deadline,
    link_expired,
)
from ..services.recall import replaced_placements

logger = logging.getLogger(__name__)

# Tokens are made by ``new_token`` (32 URL-safe characters); anything else is not one.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
RATE_GROUP = "plakats.confirm.miss"


class ConfirmationForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one of the answers.")},
    )
    where = forms.CharField(label=_("Where?"), max_length=WHERE_MAX, required=False)
    reason = forms.CharField(label=_("Why not?"), max_length=REASON_MAX, required=False)
    photo = forms.FileField(label=_("Photo (optional)"), required=False)
    # Asked only when the package replaces an outdated edition (a recall).
    old_removed = forms.TypedChoiceField(
        label=_("Did you take down the old poster?"),
        choices=[("yes", _("Yes, the old one is taken down")), ("no", _("No, it is still up"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )


def _rate() -> str:
    return settings.PLAKATS_CONFIRMATION_MISS_RATE


def _limited(request, *, increment: bool) -> bool:
    """Whether this client has used up its wrong tokens (counting this one if asked)."""
    try:
        usage = get_usage(request, group=RATE_GROUP, key="ip", rate=_rate(), increment=increment)
    except (ImproperlyConfigured, ValueError):
        # No usable client address (a misconfigured proxy): log it, never fail the page.
        logger.warning("Cannot rate-limit the confirmation page: no client address")
        return False
    return usage is not None and usage["count"] >= usage["limit"]


def _page_languages() -> list[str]:
    return [code for code, _name in settings.VENUE_LANGUAGES]


def _page_language(request, preferred: str | None = None) -> str:
    """The language ``?lang=`` asks for, else ``preferred`` (the venue's), else Latvian.

    The browser's languages are not asked: a venue's shared computer says little
    about who reads the page.
    """
    languages = _page_languages()
    for code in (request.GET.get("lang", ""), preferred, settings.LANGUAGE_CODE):
        if code in languages:
            return code
    return languages[0]


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        "organisation": settings.PLAKATS_ORGANISATION,
        "contact": settings.PLAKATS_CONTACT,
        "page_languages": settings.VENUE_LANGUAGES,
        **context,
    }
    response = render(request, f"distribution/public/{template}", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = translation.get_language()
    return response


def _find(token: str) -> Placement | None:
    if not TOKEN_RE.fullmatch(token):
        return None
    return Placement.objects.select_related("venue", "campaign").filter(token=token).first()


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """Show a placement's materials and take the venue's answer."""
    limited = _limited(request, increment=False)
    placement = None if limited else _find(token)
    preferred = placement.venue.language if placement else None
    with translation.override(_page_language(request, preferred)):
        if limited:
            return _render(request, "rate_limited.html", {}, status=429)
        if placement is None:
            _limited(request, increment=True)
            return _render(request, "not_found.html", {}, status=404)
        if link_expired(placement):
            return _render(request, "expired.html", {}, status=410)
        return _confirm_page(request, placement)


def _confirm_page(request, placement: Placement):
    now = timezone.now()
    deadline = correction_deadline(placement)
    closed = deadline is not None and now > deadline
    latest = placement.confirmations.order_by("-submitted_at", "-id").first()
    language = translation.get_language()
    status = 200
    # The outdated placements this package replaces: the page then asks "old removed?" too.
    replaced = replaced_placements(list(confirmation_group(placement)))
    if request.method == "POST" and not closed:
        form = ConfirmationForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_confirmation(
                    placement,
                    data["answer"],
                    data["where"],
                    data["reason"],
                    data["photo"],
                    language,
                    now=now,
                    old_removed=data["old_removed"] if replaced else None,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                url = reverse("confirm", args=[placement.token])
                return redirect(f"{url}?lang={language}&thanks=1")
    else:
        if request.method == "POST":
            status = 403
        initial = {}
        if latest is not None:
            initial = {"answer": latest.answer, "where": latest.where, "reason": latest.reason}
            if replaced:
                removed = replaced[0].display == Display.REMOVED
                initial["old_removed"] = "yes" if removed else "no"
        form = ConfirmationForm(initial=initial)
    materials = (
        confirmation_group(placement)
        .select_related("edition__material")
        .order_by("edition__material__name", "pk")
    )
    context = {
        "placement": placement,
        "venue_name": placement.venue.name,
        "materials": materials,
        "form": form,
        "latest": latest,
        "deadline": deadline,
        "closed": closed,
        "thanks": request.GET.get("thanks") == "1" and latest is not None,
        "language": language,
        "answers": Answer,
        "replaced": replaced,
    }
    return _render(request, "confirm.html", context, status=status)


urlpatterns = [path("<str:token>/", confirm, name="confirm")]
