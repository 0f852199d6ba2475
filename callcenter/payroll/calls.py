"""The employees' call figures, straight from the statistics agent report."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count

from callcenter.payroll.records import SCORES, Employee
from callcenter.payroll.sessions import AgentIndex
from callcenter.stats import reports
from callcenter.stats.reports import ReportFilter


def add_call_figures(
    employees: dict[int, Employee], index: AgentIndex, date_from: dt.date, date_to: dt.date, zone: ZoneInfo
) -> None:
    """Answered, talk, missed, transfers, survey and QA straight from the statistics agent report."""
    flt = ReportFilter(date_from=date_from, date_to=date_to, tz=zone.key)
    for name, row in reports.agent_summary(flt).items():
        agent = index.get(name)
        if agent is None or agent.pk not in employees:
            continue
        employee = employees[agent.pk]
        employee.answered += row["answered"]
        employee.talk_s += row["talk_s"]
        employee.missed += row["missed"]
        employee.transfers += row["transfers"]
        qa = row.get("qa") or {}
        if qa.get("count"):
            employee.qa_count += qa["count"]
            employee.qa_score_sum += qa["count"] * float(qa["avg"] or 0)
    # The distribution of scores over the same calls the report averages (answered calls of the period).
    surveys = (
        reports.calls(flt)
        .filter(outcome__in=reports.ANSWERED, survey_score__isnull=False)
        .values("agent", "survey_score")
        .annotate(count=Count("id"))
        .order_by()
    )
    for name, score, count in surveys.values_list("agent", "survey_score", "count"):
        agent = index.get(name)
        if agent is not None and agent.pk in employees and score in SCORES:
            employee = employees[agent.pk]
            employee.survey_count += count
            employee.survey_sum += count * score
            employee.survey_distribution[score] += count
