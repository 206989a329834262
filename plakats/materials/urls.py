"""URLs of the material catalogue and the stock ledger."""

from django.urls import path

from . import views

app_name = "materials"
urlpatterns = [
    path("", views.material_list, name="material_list"),
    path("new/", views.material_create, name="material_create"),
    path("<int:pk>/", views.material_detail, name="material_detail"),
    path("<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("<int:material_pk>/editions/new/", views.edition_create, name="edition_create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", views.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/artwork/", views.edition_artwork, name="edition_artwork"),
    path("stock/", views.stock, name="stock"),
    path("stock/locations/new/", views.location_create, name="location_create"),
    path("stock/locations/<int:pk>/", views.location_detail, name="location_detail"),
    path("stock/locations/<int:pk>/edit/", views.location_edit, name="location_edit"),
    path("stock/locations/<int:pk>/receive/", views.stock_receive, name="stock_receive"),
    path("stock/locations/<int:pk>/transfer/", views.stock_transfer, name="stock_transfer"),
    path("stock/locations/<int:pk>/write-off/", views.stock_write_off, name="stock_write_off"),
    path("stock/locations/<int:pk>/return/", views.stock_return, name="stock_return"),
]
