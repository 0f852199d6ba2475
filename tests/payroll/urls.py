"""The project's URLs plus the payroll viewsets registered as the lead's api_urls will register them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from callcenter.payroll.api import ClosedPeriodViewSet, PayrollExportViewSet, SessionCorrectionViewSet
from callcenter.urls import urlpatterns as project_urlpatterns

router = DefaultRouter()
router.register("payroll/export", PayrollExportViewSet, basename="payroll-export")
router.register("payroll/corrections", SessionCorrectionViewSet, basename="payroll-correction")
router.register("payroll/periods", ClosedPeriodViewSet, basename="payroll-period")

urlpatterns = [
    path("payroll-api/", include(router.urls)),
    path("payroll-api-schema/", SpectacularAPIView.as_view(), name="payroll-api-schema"),
    *project_urlpatterns,
]
