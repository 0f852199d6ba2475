"""Render a payroll report as XML (validated against the published XSD) or JSON.

Nothing is offered for download unless it passed the schema: ``render`` raises InvalidExport instead.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from callcenter.payroll.builder import Day, Employee, PayrollReport, SessionRow
from callcenter.payroll.models import ClosedPeriod

NAMESPACE = "urn:callcenter:payroll:1c:v1"
VERSION = "1.0"
SCHEMA_NAME = "payroll-1c-v1.xsd"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / SCHEMA_NAME
FORMATS = ("xml", "json")
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_TYPES = {"xml": "application/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


class InvalidExport(ValueError):
    """The built file does not pass the schema; it must never be offered."""


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate_xml(content: bytes) -> None:
    """Raise InvalidExport with the schema's messages unless ``content`` is a valid export."""
    try:
        document = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InvalidExport(f"not well-formed XML: {exc}") from exc
    checker = schema()
    if not checker.validate(document):
        messages = "; ".join(f"line {error.line}: {error.message}" for error in checker.error_log)
        raise InvalidExport(messages)


def _decimal(value: float) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def hours(seconds: int) -> float:
    """Seconds as hours rounded half-up to 2 decimals (the timesheet's unit)."""
    return float((Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _iso(value: dt.datetime, report: PayrollReport) -> str:
    return value.astimezone(report.generated_at.tzinfo).isoformat()


def _sub(parent: etree._Element, tag: str, text: str | int | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _xml_day(parent: etree._Element, day: Day) -> None:
    element = _sub(parent, "Day", date=day.date.isoformat(), holiday="true" if day.holiday else "false")
    for code in day.codes:
        _sub(
            element,
            "TimeCode",
            code=code.code,
            hours=_decimal(hours(code.seconds)),
            seconds=str(code.seconds),
        )
    _sub(element, "LoggedInSeconds", day.logged_in_s)
    _sub(element, "WorkedSeconds", day.worked_s)
    _sub(element, "WorkedHours", _decimal(hours(day.worked_s)))
    _sub(element, "NightSeconds", day.night_s)
    _sub(element, "NightHours", _decimal(hours(day.night_s)))
    _sub(element, "PaidPauseSeconds", day.pause_paid_s)
    _sub(element, "UnpaidPauseSeconds", day.pause_unpaid_s)


def _xml_session(parent: etree._Element, session: SessionRow, report: PayrollReport) -> None:
    element = _sub(
        parent,
        "Session",
        queue=session.queue,
        source=session.source,
        open="true" if session.open else "false",
    )
    _sub(element, "Start", _iso(session.started_at, report))
    _sub(element, "End", _iso(session.ended_at, report))
    if session.source == "corrected" and session.original_started_at is not None:
        correction = _sub(element, "Correction")
        _sub(correction, "OriginalStart", _iso(session.original_started_at, report))
        if session.original_ended_at is not None:
            _sub(correction, "OriginalEnd", _iso(session.original_ended_at, report))
        _sub(correction, "Reason", session.correction_reason)
        _sub(correction, "CorrectedBy", session.corrected_by)


def _xml_employee(parent: etree._Element, employee: Employee, report: PayrollReport) -> None:
    element = _sub(parent, "Employee", payrollNumber=employee.payroll_number)
    _sub(element, "Name", employee.name)
    _sub(element, "MemberName", employee.member_name)
    days = _sub(element, "Days")
    for day in employee.days:
        _xml_day(days, day)
    totals = _sub(element, "Totals")
    _sub(totals, "LoggedInSeconds", employee.logged_in_s)
    _sub(totals, "WorkedSeconds", employee.worked_s)
    _sub(totals, "WorkedHours", _decimal(hours(employee.worked_s)))
    _sub(totals, "NightSeconds", employee.night_s)
    _sub(totals, "NightHours", _decimal(hours(employee.night_s)))
    _sub(totals, "PaidPauseSeconds", employee.pause_paid_s)
    _sub(totals, "UnpaidPauseSeconds", employee.pause_unpaid_s)
    _sub(totals, "Answered", employee.answered)
    _sub(totals, "TalkSeconds", employee.talk_s)
    if employee.aht_s is not None:
        _sub(totals, "AverageHandleSeconds", _decimal(employee.aht_s))
    _sub(totals, "Missed", employee.missed)
    _sub(totals, "Transfers", employee.transfers)
    if employee.occupancy_pct is not None:
        _sub(totals, "OccupancyPercent", _decimal(employee.occupancy_pct))
    survey_attrs = {"count": str(employee.survey_count)}
    if employee.survey_avg is not None:
        survey_attrs["average"] = _decimal(employee.survey_avg)
    survey = _sub(element, "Survey", **survey_attrs)
    for score, count in sorted(employee.survey_distribution.items()):
        _sub(survey, "Score", value=str(score), count=str(count))
    quality_attrs = {"count": str(employee.qa_count)}
    if employee.qa_avg is not None:
        quality_attrs["average"] = _decimal(employee.qa_avg)
    _sub(element, "Quality", **quality_attrs)
    sessions = _sub(element, "Sessions")
    for session in employee.sessions:
        _xml_session(sessions, session, report)


def to_xml(report: PayrollReport) -> bytes:
    """The export as UTF-8 XML bytes (not yet validated)."""
    root = etree.Element(f"{{{NAMESPACE}}}PayrollExport", {"version": VERSION}, nsmap={None: NAMESPACE})
    header = _sub(root, "Header")
    _sub(header, "PeriodFrom", report.date_from.isoformat())
    _sub(header, "PeriodTo", report.date_to.isoformat())
    organisation = _sub(header, "Organisation")
    _sub(organisation, "Name", report.organisation_name)
    if report.organisation_inn:
        _sub(organisation, "INN", report.organisation_inn)
    if report.organisation_kpp:
        _sub(organisation, "KPP", report.organisation_kpp)
    _sub(header, "TimeZone", report.tz)
    _sub(header, "GeneratedAt", report.generated_at.isoformat(timespec="seconds"))
    _sub(header, "HolidaySchedule", report.schedule)
    _sub(header, "PeriodClosed", "true" if report.closed else "false")
    employees = _sub(root, "Employees")
    for employee in report.employees:
        _xml_employee(employees, employee, report)
    warnings = _sub(root, "Warnings")
    for name in report.unmatched:
        _sub(warnings, "UnmatchedName", name)
    for warning in report.warnings:
        _sub(warnings, "Warning", warning)
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return XML_DECLARATION + bytes(body)


def _json_session(session: SessionRow, report: PayrollReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "queue": session.queue,
        "start": _iso(session.started_at, report),
        "end": _iso(session.ended_at, report),
        "source": session.source,
        "open": session.open,
    }
    if session.source == "corrected" and session.original_started_at is not None:
        data["correction"] = {
            "original_start": _iso(session.original_started_at, report),
            "original_end": _iso(session.original_ended_at, report) if session.original_ended_at else None,
            "reason": session.correction_reason,
            "corrected_by": session.corrected_by,
        }
    return data


def to_dict(report: PayrollReport) -> dict[str, Any]:
    """The export as JSON-ready data: the issue's shape, with the rest of the XML's content alongside."""
    employees = []
    for employee in report.employees:
        employees.append(
            {
                "payroll_number": employee.payroll_number,
                "name": employee.name,
                "member_name": employee.member_name,
                "answered": employee.answered,
                "talk_s": employee.talk_s,
                "missed": employee.missed,
                "logged_in_s": employee.logged_in_s,
                "pause_paid_s": employee.pause_paid_s,
                "pause_unpaid_s": employee.pause_unpaid_s,
                "survey_count": employee.survey_count,
                "survey_avg": employee.survey_avg,
                "qa_count": employee.qa_count,
                "qa_avg": employee.qa_avg,
                "days": [
                    {
                        "date": day.date.isoformat(),
                        "holiday": day.holiday,
                        "codes": [
                            {"code": code.code, "hours": hours(code.seconds), "seconds": code.seconds}
                            for code in day.codes
                        ],
                        "logged_in_s": day.logged_in_s,
                        "worked_s": day.worked_s,
                        "worked_hours": hours(day.worked_s),
                        "night_s": day.night_s,
                        "night_hours": hours(day.night_s),
                        "pause_paid_s": day.pause_paid_s,
                        "pause_unpaid_s": day.pause_unpaid_s,
                    }
                    for day in employee.days
                ],
                "worked_s": employee.worked_s,
                "night_s": employee.night_s,
                "aht_s": employee.aht_s,
                "transfers": employee.transfers,
                "occupancy_pct": employee.occupancy_pct,
                "survey_distribution": {
                    str(score): count for score, count in employee.survey_distribution.items()
                },
                "sessions": [_json_session(session, report) for session in employee.sessions],
            }
        )
    return {
        "header": {
            "version": VERSION,
            "period_from": report.date_from.isoformat(),
            "period_to": report.date_to.isoformat(),
            "organisation": {
                "name": report.organisation_name,
                "inn": report.organisation_inn,
                "kpp": report.organisation_kpp,
            },
            "tz": report.tz,
            "generated_at": report.generated_at.isoformat(timespec="seconds"),
            "holiday_schedule": report.schedule,
            "period_closed": report.closed,
        },
        "employees": employees,
        "unmatched": list(report.unmatched),
        "warnings": list(report.warnings),
    }


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
