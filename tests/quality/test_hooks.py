"""QA figures beside the survey: the statistics agent report and the payroll export (XML valid by its XSD)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from callcenter.payroll.builder import build_report
from callcenter.payroll.export import NAMESPACE, render, to_dict, validate_xml
from callcenter.quality import actions
from callcenter.quality.models import EvaluationForm
from callcenter.stats import reports
from tests.quality.conftest import LoggedCall, questions

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


@pytest.fixture
def scored(
    center: dict[str, Any], logged_call: Callable[..., LoggedCall], qa_form: EvaluationForm
) -> dict[str, Any]:
    """Two of Ivan's calls evaluated and closed (100 % and 40 %), a third one still open."""
    ids = questions(qa_form)
    for solved, close in ((5, True), (0, True), (5, False)):
        recording = logged_call(agent="Agent 1001").recording
        assert recording is not None
        evaluation = actions.start_evaluation(center["sam"], recording, qa_form)
        actions.save_evaluation(
            center["sam"],
            evaluation,
            {ids["Greeted"]: 1, ids["Solved"]: solved, ids["Polite"]: 1},
            close=close,
        )
    return center


def test_the_agent_report_counts_closed_evaluations_and_their_average(scored: dict[str, Any]) -> None:
    agents = reports.agent_summary(reports.ReportFilter(DAY, DAY, "UTC"))
    assert agents["Agent 1001"]["qa"] == {"count": 2, "avg": 70.0}


def test_agents_without_evaluations_show_none(
    scored: dict[str, Any], logged_call: Callable[..., LoggedCall]
) -> None:
    logged_call(agent="Agent 1002")
    agents = reports.agent_summary(reports.ReportFilter(DAY, DAY, "UTC"))
    assert agents["Agent 1002"]["qa"] == {"count": 0, "avg": None}


def test_the_report_filter_applies_to_qa(scored: dict[str, Any]) -> None:
    other_day = reports.agent_summary(
        reports.ReportFilter(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    )
    assert "Agent 1001" not in other_day
    other_queue = reports.agent_summary(reports.ReportFilter(DAY, DAY, "UTC", queues=["sales"]))
    assert other_queue.get("Agent 1001", {}).get("qa", {"count": 0})["count"] == 0


def test_the_payroll_export_carries_qa_beside_the_survey(scored: dict[str, Any]) -> None:
    report = build_report(DAY, DAY, tz="UTC")
    content = render(report, "xml")
    validate_xml(content)
    ns = {"p": NAMESPACE}
    ivan = etree.fromstring(content).find(
        f"p:Employees/p:Employee[@payrollNumber='{scored['ivan'].payroll_number}']", ns
    )
    quality = ivan.find("p:Quality", ns)
    assert (quality.get("count"), quality.get("average")) == ("2", "70.00")
    assert ivan.index(ivan.find("p:Survey", ns)) + 1 == ivan.index(quality)
    employee = next(
        e for e in to_dict(report)["employees"] if e["payroll_number"] == scored["ivan"].payroll_number
    )
    assert (employee["qa_count"], employee["qa_avg"]) == (2, 70.0)
