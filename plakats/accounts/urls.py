"""The profile page and its API tokens."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/revoke/", views.token_revoke, name="token_revoke"),
]
