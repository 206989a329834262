"""URLs of imports and exports."""

from . import views_export, views_import

app_name = "imports"
urlpatterns = views_import.urlpatterns + views_export.urlpatterns
