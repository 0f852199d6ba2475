"""URL routes of the whole project; each app contributes its own urls module."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from callcenter.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("callcenter.api_urls")),
    path("agents/", include("callcenter.agents.urls")),
    path("reports/", include("callcenter.stats.urls")),
    path("dialer/", include("callcenter.dialer.urls")),
    path("wallboard/", include("callcenter.wallboard.urls")),
    path("payroll/", include("callcenter.payroll.urls")),
    path("quality/", include("callcenter.quality.urls")),
]
