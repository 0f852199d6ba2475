"""A payroll report as JSON, with the same figures as the XML."""

from __future__ import annotations

from typing import Any

from callcenter.payroll.export.schema import VERSION
from callcenter.payroll.export.values import hours, local_iso
from callcenter.payroll.records import PayrollReport, SessionRow


def _json_session(session: SessionRow, report: PayrollReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "queue": session.queue,
        "start": local_iso(session.started_at, report),
        "end": local_iso(session.ended_at, report),
        "source": session.source,
        "open": session.open,
    }
    if session.source == "corrected" and session.original_started_at is not None:
        data["correction"] = {
            "original_start": local_iso(session.original_started_at, report),
            "original_end": local_iso(session.original_ended_at, report)
            if session.original_ended_at
            else None,
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
