"""URLs of the distribution app."""

from django.urls import path



app_name = "distribution"
urlpatterns: list = []
