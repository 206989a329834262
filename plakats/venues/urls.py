"""URLs of the venue register and partners."""

from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("", views.venue_list, name="venue_list"),
    path("new/", views.venue_create, name="venue_create"),
    path("<int:pk>/", views.venue_detail, name="venue_detail"),
    path("<int:pk>/edit/", views.venue_edit, name="venue_edit"),
    path("<int:pk>/merge/", views.venue_merge, name="venue_merge"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path(
        "partners/<int:partner_pk>/agreements/new/", views.agreement_create, name="agreement_create"
    ),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
]
