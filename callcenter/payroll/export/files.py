"""Export files: rendered and validated, the file a closed period keeps, and their names.

Nothing is offered for download unless it passed the schema: ``render`` raises InvalidExport instead.
"""

from __future__ import annotations

import json

from callcenter.payroll.export.json_doc import to_dict
from callcenter.payroll.export.schema import validate_xml
from callcenter.payroll.export.xml_doc import to_xml
from callcenter.payroll.models import ClosedPeriod
from callcenter.payroll.records import PayrollReport

FORMATS = ("xml", "json")


CONTENT_TYPES = {"xml": "application/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def render(report: PayrollReport, fmt: str) -> bytes:
    """The file to offer. XML is validated against the XSD first; JSON carries the same content."""
    if fmt == "xml":
        content = to_xml(report)
        validate_xml(content)
        return content
    if fmt == "json":
        # The same content must pass the schema whatever the format it leaves in.
        validate_xml(to_xml(report))
        return json.dumps(to_dict(report), ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"unknown format: {fmt}")


def closed_period(report: PayrollReport) -> ClosedPeriod | None:
    """The closing of exactly this period (dates, time zone, holiday schedule) still in force, with its files."""
    return (
        ClosedPeriod.objects.in_force()
        .filter(date_from=report.date_from, date_to=report.date_to, tz=report.tz, schedule=report.schedule)
        .exclude(xml="")
        .select_related("closed_by")
        .first()
    )


def closed_file(report: PayrollReport, fmt: str) -> bytes | None:
    """The file frozen when this period was closed, re-checked against the XSD; None if it is not closed."""
    period = closed_period(report)
    if period is None:
        return None
    validate_xml(period.xml.encode("utf-8"))
    return (period.xml if fmt == "xml" else period.json).encode("utf-8")


def changed_since_closing(report: PayrollReport, period: ClosedPeriod) -> bool:
    """Whether the figures now differ from the frozen file (e.g. queue_log lines loaded after closing)."""
    frozen = json.loads(period.json)
    current = to_dict(report)
    return bool(frozen["employees"] != current["employees"] or frozen["unmatched"] != current["unmatched"])


def filename(report: PayrollReport, fmt: str) -> str:
    return f"payroll-{report.date_from.isoformat()}-{report.date_to.isoformat()}.{fmt}"
