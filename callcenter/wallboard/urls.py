"""URLs of the wallboard app."""

from django.urls import URLPattern

app_name = "wallboard"
urlpatterns: list[URLPattern] = []
