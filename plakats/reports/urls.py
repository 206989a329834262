"""URLs of the reports app (the dashboard itself is the site's home page)."""

from django.urls import path

from . import views, views_funder, views_maps

app_name = "reports"

urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    # The venue map (views_maps.py).
    path("map/", views_maps.map_page, name="map"),
    path("map/data.json", views_maps.map_data, name="map_data"),
    path("map/outlines.geojson", views_maps.map_outlines, name="map_outlines"),
]
# The funder report and submitted reports (views_funder.py).
urlpatterns += views_funder.urlpatterns
