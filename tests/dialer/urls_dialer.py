"""The project's URLs plus the dialer's pages and API, for as long as the project URLs lack them."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from callcenter.dialer.api import register
from callcenter.urls import urlpatterns as project_urlpatterns

router = DefaultRouter()
register(router)

_prefixes = {
    str(pattern.pattern) for pattern in project_urlpatterns if isinstance(pattern, URLPattern | URLResolver)
}
urlpatterns = [
    *([] if "dialer/" in _prefixes else [path("dialer/", include("callcenter.dialer.urls"))]),
    path("api/", include(router.urls)),
    *project_urlpatterns,
]
