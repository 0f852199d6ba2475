"""What every statistics endpoint shares: its period and queue filter, and who may read it."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.request import Request

from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import RolePermission
from callcenter.core.query_forms import checked
from callcenter.core.validators import MAX_DATE, MIN_DATE
from callcenter.stats import reports
from callcenter.stats.forms import ReportFilterForm

# The query parameters of every statistics endpoint (validated by ReportFilterForm).
FILTER_PARAMETERS = [
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="First day of the period (with date_to; both default to today). "
        f"Dates from {MIN_DATE} to {MAX_DATE}.",
    ),
    OpenApiParameter(
        "date_to", OpenApiTypes.DATE, description="Last day of the period, at most 366 days on."
    ),
    OpenApiParameter("tz", OpenApiTypes.STR, description="IANA time zone of the days, e.g. Europe/Moscow."),
    OpenApiParameter(
        "queues", OpenApiTypes.STR, many=True, description="Queue names (default: every visible)."
    ),
    OpenApiParameter("agents", OpenApiTypes.STR, description="Member names, separated by commas."),
    OpenApiParameter(
        "sl", OpenApiTypes.STR, description="Service-level thresholds in seconds, e.g. 20,30,60."
    ),
]


def report_filter(request: Request) -> reports.ReportFilter:
    """The request's filter (FILTER_PARAMETERS), checked against what this user may see."""
    return checked(ReportFilterForm(request.user, request.query_params)).report_filter()


class ReportViewSet(viewsets.ViewSet):
    """A report of the filtered period for report readers, answered as one JSON object."""

    permission_classes = [RolePermission]
    read_roles = REPORT_READERS
    pagination_class = None
