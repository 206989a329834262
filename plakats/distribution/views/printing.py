"""Printing views (being built)."""

urlpatterns: list = []
