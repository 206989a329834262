"""Exports of every list as CSV and XLSX."""

urlpatterns: list = []
