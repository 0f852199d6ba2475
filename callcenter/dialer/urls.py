"""URLs of the dialer app."""

from django.urls import URLPattern

app_name = "dialer"
urlpatterns: list[URLPattern] = []
