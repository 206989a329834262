"""Followup views (being built)."""

urlpatterns: list = []
