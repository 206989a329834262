"""URLs of campaigns, targets, dispatches and placements."""

from django.urls import path

from . import views

app_name = "distribution"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_pk>/targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("dispatches/", views.dispatch_list, name="dispatch_list"),
    path("dispatches/new/", views.dispatch_create, name="dispatch_create"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("dispatches/<int:pk>/status/", views.dispatch_status, name="dispatch_status"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/new/", views.placement_create, name="placement_create"),
    path("placements/status/", views.placement_bulk_status, name="placement_bulk_status"),
    path("placements/undo/", views.step_undo, name="step_undo"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", views.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/status/<str:axis>/", views.placement_status, name="placement_status"),
]
