"""URLs of the payroll app."""

from django.urls import URLPattern

app_name = "payroll"
urlpatterns: list[URLPattern] = []
