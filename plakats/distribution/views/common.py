"""Helpers shared by the distribution views."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Rows of a detail page's related lists before "show all" links to the full list.
DETAIL_ROWS = 20
# The session key of the user's last bulk step on the placement list, for its undo button.
LAST_STEP = "distribution_last_step"
# How many refusal reasons one message names before "and N more".
REASONS_SHOWN = 5


def posted(request):
    """The form data of a POST (even an empty one), or None for a GET."""
    return request.POST if request.method == "POST" else None


def form_page(request, form, title, cancel_url, **extra):
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "core/form_page.html", context)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# Campaigns and targets ---------------------------------------------------------------
