"""The REST API router: every domain app registers its viewsets here."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from callcenter.accounts.api import UserViewSet
from callcenter.agents.api import AgentViewSet, PauseReasonViewSet, QueueMembershipViewSet, TeamViewSet
from callcenter.audit.api import AuditEntryViewSet
from callcenter.core.api import not_found
from callcenter.core.api.routes import Route, register_routes
from callcenter.dialer.api import register as register_dialer
from callcenter.payroll.api import ClosedPeriodViewSet, PayrollExportViewSet, SessionCorrectionViewSet
from callcenter.pbx.api import register as register_pbx
from callcenter.quality.api import register as register_quality
from callcenter.stats.api import CallbackViewSet, QueueReportViewSet, ReportRunViewSet
from callcenter.stats.api import CallViewSet as StatsCallViewSet
from callcenter.stats.schedules.api import ReportScheduleViewSet
from callcenter.wallboard.api import ContactTierViewSet, ContactViewSet, CRMLinkViewSet
from callcenter.wallboard.floorapi import (
    FloorAgentViewSet,
    MyCallbackViewSet,
    MyFloorViewSet,
    SpySessionViewSet,
)
from callcenter.wallboard.liveapi import LiveNodeViewSet

ROUTES = (
    Route("teams", TeamViewSet, "team"),
    Route("agents", AgentViewSet, "agent"),
    Route("memberships", QueueMembershipViewSet, "membership"),
    Route("pause-reasons", PauseReasonViewSet, "pause-reason"),
    Route("users", UserViewSet, "user"),
    Route("audit", AuditEntryViewSet, "audit"),
    Route("stats/calls", StatsCallViewSet, "stats-call"),
    Route("stats/queue-report", QueueReportViewSet, "stats-queue-report"),
    Route("stats/report-runs", ReportRunViewSet, "stats-report-run"),
    Route("callbacks", CallbackViewSet, "callback"),
    Route("report-schedules", ReportScheduleViewSet, "report-schedule"),
    Route("payroll/export", PayrollExportViewSet, "payroll-export"),
    Route("payroll/corrections", SessionCorrectionViewSet, "payroll-correction"),
    Route("payroll/periods", ClosedPeriodViewSet, "payroll-period"),
    Route("live", LiveNodeViewSet, "live"),
    Route("contacts", ContactViewSet, "contact"),
    Route("crm-links", CRMLinkViewSet, "crm-link"),
    Route("contact-tiers", ContactTierViewSet, "contact-tier"),
    Route("floor/agents", FloorAgentViewSet, "floor-agent"),
    Route("floor/spy-sessions", SpySessionViewSet, "floor-spy-session"),
    Route("floor/me", MyFloorViewSet, "floor-me"),
    Route("floor/callbacks", MyCallbackViewSet, "floor-callback"),
)

router = DefaultRouter()
register_pbx(router)
register_dialer(router)
register_quality(router)
register_routes(router, ROUTES)

# A path under /api/ that ends in a slash and matches no route (an id with a dot, a typo) answers the
# API's JSON 404, not the site's HTML page. Paths without the slash still get APPEND_SLASH's redirect.
urlpatterns = [*router.urls, re_path(r"^(?P<path>.*/)$", not_found, name="api-not-found")]
