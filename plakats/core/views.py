"""The home page and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from plakats.distribution.choices import Delivery, Display
from plakats.distribution.queries import dashboard_summary


def home(request):
    context = dashboard_summary()
    context["delivery_choices"] = Delivery.choices
    context["display_choices"] = Display.choices
    return render(request, "core/home.html", context)


@never_cache
@login_not_required
def health(request):
    """Answer 200 when the database answers; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})
