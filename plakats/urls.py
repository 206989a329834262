"""The project's URLs: one include per app, plus login, language and health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from plakats.api.api import urls as api_urls
from plakats.core import views as core_views
from plakats.reports import views as report_views

urlpatterns = [
    path("", report_views.dashboard, name="home"),
    path("health/", core_views.health, name="health"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("venues/", include("plakats.venues.urls")),
    path("materials/", include("plakats.materials.urls")),
    path("distribution/", include("plakats.distribution.urls")),
    path("imports/", include("plakats.imports.urls")),
    path("outreach/", include("plakats.outreach.urls")),
    path("reports/", include("plakats.reports.urls")),
    path("c/", include("plakats.distribution.public_urls")),
    path("accounts/", include("plakats.accounts.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]
