"""The project's URLs with the report pages at /reports/, for tests that run before the project includes them."""

from typing import Any

from django.urls import include, path

from callcenter.urls import urlpatterns as project_urlpatterns

urlpatterns: list[Any] = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "stats" for pattern in urlpatterns):
    urlpatterns.append(path("reports/", include("callcenter.stats.urls")))
