"""REST API of statistics: assembled calls, the queue report JSON, stored reports (read-only), and the
callback list (assign and close)."""

from callcenter.stats.api.callbacks import CallbackCloseSerializer, CallbackViewSet
from callcenter.stats.api.reports import CallViewSet, QueueReportViewSet, ReportRunViewSet

__all__ = [
    "CallViewSet",
    "CallbackCloseSerializer",
    "CallbackViewSet",
    "QueueReportViewSet",
    "ReportRunViewSet",
]
