"""The REST API router: every domain app registers its viewsets here."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from callcenter.accounts.api import UserViewSet
from callcenter.agents.api import AgentViewSet, PauseReasonViewSet, QueueMembershipViewSet, TeamViewSet
from callcenter.audit.api import AuditEntryViewSet
from callcenter.core.api import not_found
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

router = DefaultRouter()
register_pbx(router)
router.register("teams", TeamViewSet, basename="team")
router.register("agents", AgentViewSet, basename="agent")
router.register("memberships", QueueMembershipViewSet, basename="membership")
router.register("pause-reasons", PauseReasonViewSet, basename="pause-reason")
router.register("users", UserViewSet, basename="user")
router.register("audit", AuditEntryViewSet, basename="audit")
register_dialer(router)
register_quality(router)
router.register("stats/calls", StatsCallViewSet, basename="stats-call")
router.register("stats/queue-report", QueueReportViewSet, basename="stats-queue-report")
router.register("stats/report-runs", ReportRunViewSet, basename="stats-report-run")
router.register("callbacks", CallbackViewSet, basename="callback")
router.register("report-schedules", ReportScheduleViewSet, basename="report-schedule")
router.register("payroll/export", PayrollExportViewSet, basename="payroll-export")
router.register("payroll/corrections", SessionCorrectionViewSet, basename="payroll-correction")
router.register("payroll/periods", ClosedPeriodViewSet, basename="payroll-period")
router.register("live", LiveNodeViewSet, basename="live")
router.register("contacts", ContactViewSet, basename="contact")
router.register("crm-links", CRMLinkViewSet, basename="crm-link")
router.register("contact-tiers", ContactTierViewSet, basename="contact-tier")
router.register("floor/agents", FloorAgentViewSet, basename="floor-agent")
router.register("floor/spy-sessions", SpySessionViewSet, basename="floor-spy-session")
router.register("floor/me", MyFloorViewSet, basename="floor-me")
router.register("floor/callbacks", MyCallbackViewSet, basename="floor-callback")

# A path under /api/ that ends in a slash and matches no route (an id with a dot, a typo) answers the
# API's JSON 404, not the site's HTML page. Paths without the slash still get APPEND_SLASH's redirect.
urlpatterns = [*router.urls, re_path(r"^(?P<path>.*/)$", not_found, name="api-not-found")]
