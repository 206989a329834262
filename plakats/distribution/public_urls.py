"""Public URLs of the distribution app: the confirmation page venues open without an account."""

from .views import public

urlpatterns = public.urlpatterns
