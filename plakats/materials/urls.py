"""URLs of the materials app."""

from django.urls import path



app_name = "materials"
urlpatterns: list = []
