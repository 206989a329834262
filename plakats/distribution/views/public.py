"""The public confirmation page venues reach by QR code or link (no login)."""

urlpatterns: list = []
