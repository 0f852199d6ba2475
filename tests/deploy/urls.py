"""Only the health endpoint, so the healthcheck tests do not depend on every app's URLs loading."""

from django.urls import path

from callcenter.core import views as core_views

urlpatterns = [path("healthz", core_views.healthz, name="healthz")]
