"""How the export writes figures: hours and amounts as decimals, times in the report's zone."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from callcenter.payroll.records import PayrollReport


def decimal_text(value: float) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def hours(seconds: int) -> float:
    """Seconds as hours rounded half-up to 2 decimals (the timesheet's unit)."""
    return float((Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def local_iso(value: dt.datetime, report: PayrollReport) -> str:
    return value.astimezone(report.generated_at.tzinfo).isoformat()
