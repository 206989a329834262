"""Visits views (being built)."""

urlpatterns: list = []
