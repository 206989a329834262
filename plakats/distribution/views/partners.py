"""The partner link: a partner's coordinator confirms a dispatch it carried (no login).

The page lists only the dispatch's placements at the venues of the partner's
network and takes one answer per placement, several at once. Like the venue
confirmation page it is noindex, never cached, in Latvian unless ``?lang=`` asks
for English or Russian, and a wrong token is a 404 that counts against the
client's address.
"""

from dataclasses import dataclass
from datetime import timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from plakats.core.errors import DomainError

from ..choices import PartnerAnswer
from ..models import Dispatch, PartnerLink
from ..services.partners import partner_placements, record_partner_answers
from .public import TOKEN_RE, _limited, _page_language, _render

ANSWER_PREFIX = "answer-"


def partner_link_url(link: PartnerLink) -> str:
    """The absolute public address of a partner link, as given to the partner and in its QR."""
    return settings.PLAKATS_BASE_URL + reverse("partner_confirm", args=[link.token])


@dataclass(frozen=True)
class PartnerLinkPanel:
    link: PartnerLink
    url: str
    qr: str  # an SVG data URI (the CSP allows data: images)


def partner_link_panel(dispatch: Dispatch) -> PartnerLinkPanel | None:
    """What the dispatch page shows of its partner link, or None without one."""
    link = PartnerLink.objects.select_related("partner").filter(dispatch=dispatch).first()
    if link is None:
        return None
    url = partner_link_url(link)
    return PartnerLinkPanel(link, url, segno.make(url, error="m").svg_data_uri(scale=4))


class PartnerAnswersForm(forms.Form):
    """One optional answer per listed placement; an empty one leaves it as it is."""

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.placements = placements
        for placement in placements:
            self.fields[f"{ANSWER_PREFIX}{placement.pk}"] = forms.ChoiceField(
                label=placement.venue.name,
                choices=[("", "—"), *PartnerAnswer.choices],
                required=False,
            )

    def rows(self):
        return [(p, self[f"{ANSWER_PREFIX}{p.pk}"]) for p in self.placements]


def _posted_answers(data) -> dict[int, str]:
    """Every ``answer-<id>`` the request carries, listed or not (the service checks them)."""
    answers = {}
    for key, value in data.items():
        suffix = key.removeprefix(ANSWER_PREFIX)
        if key.startswith(ANSWER_PREFIX) and suffix.isdigit() and value:
            answers[int(suffix)] = value
    return answers


def _expired(link: PartnerLink) -> bool:
    days = settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN
    return link.dispatch.campaign.ends_on + timedelta(days=days) < timezone.localdate()


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def partner_confirm(request, token: str):
    """Show a partner its network's placements in one dispatch and take its answers."""
    with translation.override(_page_language(request)):
        if _limited(request, increment=False):
            return _render(request, "rate_limited.html", {}, status=429)
        link = None
        if TOKEN_RE.fullmatch(token):
            link = (
                PartnerLink.objects.select_related("partner", "dispatch__campaign")
                .filter(token=token)
                .first()
            )
        if link is None:
            _limited(request, increment=True)
            return _render(request, "not_found.html", {}, status=404)
        if _expired(link):
            return _render(request, "expired.html", {}, status=410)
        return _partner_page(request, link)


def _partner_page(request, link: PartnerLink):
    language = translation.get_language()
    placements = _listed(link)
    result = None
    if request.method == "POST":
        form = PartnerAnswersForm(request.POST, placements=placements)
        try:
            result = record_partner_answers(link, _posted_answers(request.POST))
        except DomainError as exc:
            form.is_valid()
            form.add_error(None, exc.message)
        else:
            if not result.refused:
                url = reverse("partner_confirm", args=[link.token])
                return redirect(f"{url}?lang={language}&thanks={len(result.recorded)}")
            form = PartnerAnswersForm(placements=_listed(link))
    else:
        form = PartnerAnswersForm(placements=placements)
    thanks = request.GET.get("thanks", "")
    context = {
        "link": link,
        "partner": link.partner,
        "dispatch": link.dispatch,
        "form": form,
        "result": result,
        "thanks": int(thanks) if thanks.isdigit() else 0,
        "language": language,
    }
    return _render(request, "partner_confirm.html", context)


def _listed(link: PartnerLink) -> list:
    return list(
        partner_placements(link)
        .select_related("venue__place", "venue__municipality", "edition__material")
        .order_by("venue__name", "pk")
    )


urlpatterns = [path("p/<str:token>/", partner_confirm, name="partner_confirm")]
