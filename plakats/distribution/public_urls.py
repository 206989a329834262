"""Public URLs of the distribution app: the confirmation pages venues and partners open
without an account."""

from .views import partners, public

urlpatterns = partners.urlpatterns + public.urlpatterns
