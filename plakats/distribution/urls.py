"""URLs of campaigns, targets, dispatches and placements."""

from django.urls import path

from .views import campaigns, dispatches, followup, photos, placements, printing, recall, visits

app_name = "distribution"
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_pk>/targets/new/", campaigns.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", campaigns.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", campaigns.target_delete, name="target_delete"),
    path("dispatches/", dispatches.dispatch_list, name="dispatch_list"),
    path("dispatches/new/", dispatches.dispatch_create, name="dispatch_create"),
    path("dispatches/<int:pk>/", dispatches.dispatch_detail, name="dispatch_detail"),
    path("dispatches/<int:pk>/status/", dispatches.dispatch_status, name="dispatch_status"),
    path("placements/", placements.placement_list, name="placement_list"),
    path("placements/new/", placements.placement_create, name="placement_create"),
    path("placements/status/", placements.placement_bulk_status, name="placement_bulk_status"),
    path("placements/undo/", dispatches.step_undo, name="step_undo"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path(
        "placements/<int:pk>/status/<str:axis>/",
        placements.placement_status,
        name="placement_status",
    ),
]
urlpatterns += printing.urlpatterns + followup.urlpatterns + visits.urlpatterns + photos.urlpatterns
urlpatterns += recall.urlpatterns
