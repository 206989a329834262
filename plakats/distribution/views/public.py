"""The public confirmation page venues reach by QR code or link (no login)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import path


@login_not_required
def confirm(request, token: str):
    raise Http404


urlpatterns = [path("<str:token>/", confirm, name="confirm")]
