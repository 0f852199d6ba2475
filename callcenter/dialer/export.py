"""A campaign's results as CSV: one row per dial attempt (reads only)."""

from __future__ import annotations

import csv
import io

from callcenter.dialer.models import Attempt, Campaign

EXPORT_COLUMNS = (
    "attempt",
    "phone",
    "name",
    "originated_at",
    "answered_at",
    "bridged_at",
    "ended_at",
    "outcome",
    "abandoned",
    "disposition",
    "agent",
)


def export_results_csv(campaign: Campaign) -> str:
    """Every attempt of the campaign as CSV, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    attempts = Attempt.objects.filter(campaign=campaign).select_related("lead", "agent").order_by("id")
    for attempt in attempts.iterator():
        writer.writerow(
            [
                attempt.action_id,
                attempt.phone,
                _csv_safe(attempt.lead.name),
                attempt.originated_at.isoformat(),
                attempt.answered_at.isoformat() if attempt.answered_at else "",
                attempt.bridged_at.isoformat() if attempt.bridged_at else "",
                attempt.ended_at.isoformat() if attempt.ended_at else "",
                attempt.outcome,
                "1" if attempt.abandoned else "0",
                attempt.disposition,
                _csv_safe(attempt.agent.member_name) if attempt.agent else "",
            ]
        )
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running a name as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
