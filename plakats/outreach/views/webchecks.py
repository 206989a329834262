"""Web checks: the list of broken web placements, "check now", and what a page must show."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plakats.core.permissions import writer_required
from plakats.distribution.models import Placement
from plakats.distribution.views.common import safe_next

from ..models.webchecks import WebCheckResult, WebRequirement
from ..webchecks import check_placement, web_placements
from ..webchecks_queries import broken_web_placements, with_last_check


@require_GET
def webcheck_list(request):
    page = Paginator(broken_web_placements(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/webchecks/webcheck_list.html",
        {"page_obj": page, "object_list": page.object_list, "results": WebCheckResult},
    )


@writer_required
@require_POST
def webcheck_run(request, pk: int):
    """Check one web placement's page now, in this request."""
    placement = get_object_or_404(Placement.objects.select_related("venue"), pk=pk)
    default = reverse("outreach:webcheck_list")
    if not web_placements().filter(pk=placement.pk).exists():
        messages.error(request, _("This placement has no web check."))
        return redirect(safe_next(request, default))
    check = check_placement(placement)
    text = _("Web check of %(code)s: %(result)s.") % {
        "code": placement.code,
        "result": check.get_result_display(),
    }
    if check.result == WebCheckResult.FOUND:
        messages.success(request, text)
    else:
        messages.warning(request, f"{text} {check.detail}")
    return redirect(safe_next(request, default))


class WebRequirementForm(forms.ModelForm):
    class Meta:
        model = WebRequirement
        fields = ["phone", "link_url"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("link_url"):
            raise forms.ValidationError(gettext_lazy("Give a phone number, a link, or both."))
        return cleaned


@writer_required
@require_http_methods(["GET", "POST"])
def webcheck_requirement(request, pk: int):
    """Say what the page of a placement at an online venue must show."""
    placement = get_object_or_404(
        Placement.objects.select_related("venue", "edition__material"), pk=pk
    )
    online = placement.venue.is_online
    requirement = WebRequirement.objects.filter(placement=placement).first()
    form = WebRequirementForm(
        request.POST if request.method == "POST" and online else None,
        instance=requirement or WebRequirement(placement=placement),
    )
    if online and form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Saved what the page must show."))
        return redirect(placement)
    checks = placement.web_checks.order_by("-checked_at", "-id")[:20]
    last = with_last_check(Placement.objects.filter(pk=placement.pk)).first()
    return render(
        request,
        "outreach/webchecks/webcheck_requirement.html",
        {
            "placement": placement,
            "online": online,
            "form": form,
            "checks": checks,
            "failures": last.failures if last else 0,
        },
    )
