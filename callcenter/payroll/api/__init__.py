"""REST API of payroll: the export as JSON, session corrections, closed periods (payroll staff and admins)."""

from callcenter.payroll.api.corrections import SessionCorrectionSerializer, SessionCorrectionViewSet
from callcenter.payroll.api.export import ExportQuerySerializer, PayrollExportViewSet
from callcenter.payroll.api.periods import ClosedPeriodSerializer, ClosedPeriodViewSet, ReopenSerializer

__all__ = [
    "ClosedPeriodSerializer",
    "ClosedPeriodViewSet",
    "ExportQuerySerializer",
    "PayrollExportViewSet",
    "ReopenSerializer",
    "SessionCorrectionSerializer",
    "SessionCorrectionViewSet",
]
