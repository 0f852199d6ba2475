"""The report kinds and the file formats a report is built in (names only: nothing here builds one)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

KINDS: dict[str, str] = {
    "summary": gettext_noop("Queue summary"),
    "answered": gettext_noop("Answered calls"),
    "unanswered": gettext_noop("Unanswered calls"),
    "distribution": gettext_noop("Distributions"),
    "agents": gettext_noop("Agents"),
    "callbacks": gettext_noop("Callback list"),
    "staffing": gettext_noop("Staffing"),
    "daily": gettext_noop("Daily queue report"),
}

# Content type and file extension of each format.
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}
