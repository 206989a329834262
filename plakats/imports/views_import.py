"""Venue and placement imports: upload, map columns, preview, commit."""

urlpatterns: list = []
