"""URLs of the hotline log and report and of outreach events (web checks: appended below)."""

from django.urls import path

from .views import events, hotline

app_name = "outreach"
urlpatterns = [
    path("hotline/", hotline.hotline_list, name="hotline_list"),
    path("hotline/new/", hotline.hotline_new, name="hotline_new"),
    path("hotline/report/", hotline.hotline_report, name="hotline_report"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
]

# Web placement checks.
from .views import webchecks  # noqa: E402

urlpatterns += [
    path("web-checks/", webchecks.webcheck_list, name="webcheck_list"),
    path("web-checks/<int:pk>/check/", webchecks.webcheck_run, name="webcheck_run"),
    path("web-checks/<int:pk>/", webchecks.webcheck_requirement, name="webcheck_requirement"),
]
