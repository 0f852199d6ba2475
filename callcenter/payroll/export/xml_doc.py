"""A payroll report as the XML of the published schema."""

from __future__ import annotations

from lxml import etree

from callcenter.payroll.export.schema import NAMESPACE, VERSION, XML_DECLARATION
from callcenter.payroll.export.values import decimal_text, hours, local_iso
from callcenter.payroll.records import Day, Employee, PayrollReport, SessionRow, WorkedTime


def _sub(parent: etree._Element, tag: str, text: str | int | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _xml_worked_time(element: etree._Element, time: WorkedTime) -> None:
    _sub(element, "LoggedInSeconds", time.logged_in_s)
    _sub(element, "WorkedSeconds", time.worked_s)
    _sub(element, "WorkedHours", decimal_text(hours(time.worked_s)))
    _sub(element, "NightSeconds", time.night_s)
    _sub(element, "NightHours", decimal_text(hours(time.night_s)))
    _sub(element, "PaidPauseSeconds", time.pause_paid_s)
    _sub(element, "UnpaidPauseSeconds", time.pause_unpaid_s)


def _xml_day(parent: etree._Element, day: Day) -> None:
    element = _sub(parent, "Day", date=day.date.isoformat(), holiday="true" if day.holiday else "false")
    for code in day.codes:
        _sub(
            element,
            "TimeCode",
            code=code.code,
            hours=decimal_text(hours(code.seconds)),
            seconds=str(code.seconds),
        )
    _xml_worked_time(element, day)


def _xml_session(parent: etree._Element, session: SessionRow, report: PayrollReport) -> None:
    element = _sub(
        parent,
        "Session",
        queue=session.queue,
        source=session.source,
        open="true" if session.open else "false",
    )
    _sub(element, "Start", local_iso(session.started_at, report))
    _sub(element, "End", local_iso(session.ended_at, report))
    if session.source == "corrected" and session.original_started_at is not None:
        correction = _sub(element, "Correction")
        _sub(correction, "OriginalStart", local_iso(session.original_started_at, report))
        if session.original_ended_at is not None:
            _sub(correction, "OriginalEnd", local_iso(session.original_ended_at, report))
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
    _xml_worked_time(totals, employee)
    _sub(totals, "Answered", employee.answered)
    _sub(totals, "TalkSeconds", employee.talk_s)
    if employee.aht_s is not None:
        _sub(totals, "AverageHandleSeconds", decimal_text(employee.aht_s))
    _sub(totals, "Missed", employee.missed)
    _sub(totals, "Transfers", employee.transfers)
    if employee.occupancy_pct is not None:
        _sub(totals, "OccupancyPercent", decimal_text(employee.occupancy_pct))
    survey_attrs = {"count": str(employee.survey_count)}
    if employee.survey_avg is not None:
        survey_attrs["average"] = decimal_text(employee.survey_avg)
    survey = _sub(element, "Survey", **survey_attrs)
    for score, count in sorted(employee.survey_distribution.items()):
        _sub(survey, "Score", value=str(score), count=str(count))
    quality_attrs = {"count": str(employee.qa_count)}
    if employee.qa_avg is not None:
        quality_attrs["average"] = decimal_text(employee.qa_avg)
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
