"""At the end of the day: queue_log -> load_queue_log -> the queue report and the 1C payroll file equal the
calls the suite drove, call for call."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from callcenter.stats.loader import LoadResult
from tests.asterisk.conftest import Center, wait_idle

if TYPE_CHECKING:
    from callcenter.stats.reports import ReportFilter


@pytest.fixture(scope="module")
def loaded(center: Center) -> tuple[LoadResult, LoadResult]:
    from callcenter.stats.actions import load_queue_log

    wait_idle(center)
    first = load_queue_log(str(center.node.queue_log), center.server.name)
    again = load_queue_log(str(center.node.queue_log), center.server.name)
    return first, again


def _filter() -> ReportFilter:
    from callcenter.stats.reports import ReportFilter

    today = timezone.localdate()
    return ReportFilter(date_from=today, date_to=today, tz=str(timezone.get_current_timezone()), sl=[20])


def test_the_node_s_queue_log_loads_once_and_whole(
    center: Center, loaded: tuple[LoadResult, LoadResult]
) -> None:
    from callcenter.stats.models import QueueLogLine

    first, again = loaded
    assert first.quarantined == 0, first
    # Every line is stored once, whether this load or an earlier one (test_85_recordings) stored it.
    assert QueueLogLine.objects.filter(server=center.server.name).count() == len(
        center.node.queue_log_lines()
    )
    assert again.loaded == 0  # loading twice adds nothing


def test_the_queue_report_equals_the_calls_driven(
    center: Center, loaded: tuple[LoadResult, LoadResult]
) -> None:
    from callcenter.stats.reports import queue_summary

    summary = queue_summary(_filter())
    driven = center.driven.calls
    for queue in sorted({queue for queue, _, _ in driven}):
        outcomes = Counter(outcome for q, outcome, _ in driven if q == queue)
        row = summary[queue]
        got = {
            "offered": row["offered"],
            "answered": row["answered"],
            "transfers": row["transfers"],
            "abandoned": row["abandoned"],
            "timeout": row["timeout"],
            "exitempty": row["exitempty"],
            "callbacks": row["callbacks"],
        }
        want = {
            "offered": sum(outcomes.values()),
            "answered": outcomes["answered"] + outcomes["transferred"],
            "transfers": outcomes["transferred"],
            "abandoned": outcomes["abandoned"],
            "timeout": outcomes["timeout"],
            "exitempty": outcomes["exitempty"],
            "callbacks": outcomes["callback"],
        }
        assert got == want, queue
    scores = [score for _, score in center.driven.surveys]
    assert summary["support"]["survey"] == {"count": len(scores), "avg": round(sum(scores) / len(scores), 2)}


def test_the_callback_request_is_tracked_and_closed_by_the_agents_answer(
    center: Center, loaded: tuple[LoadResult, LoadResult]
) -> None:
    from callcenter.core.phones import phone_key
    from callcenter.stats.models import Call, Callback
    from callcenter.stats.reports import callback_list

    open_numbers = {entry["number"] for entry in callback_list(_filter())}
    for queue, number, caller in center.driven.callbacks:
        request = Call.objects.get(queue=queue, outcome=Call.Outcome.CALLBACK, callback_number=number)
        assert request.caller == caller  # who asked, beside the number to call
        # Called back (an agent took the held turn, or the callbacks campaign called): the entry is closed.
        entry = Callback.objects.get(number=phone_key(number), request_callid=request.callid)
        assert (entry.status, entry.outcome) == ("closed", "called_back")
        assert phone_key(number) not in open_numbers
    # Everyone else who did not get through is still to be called back, one entry per number.
    unanswered = set(
        Call.objects.filter(outcome__in=["abandoned", "timeout", "exitempty"]).values_list(
            "caller", flat=True
        )
    )
    assert open_numbers == {phone_key(caller) for caller in unanswered}


def test_the_payroll_file_carries_each_agents_calls(
    center: Center, loaded: tuple[LoadResult, LoadResult]
) -> None:
    from callcenter.payroll.builder import build_report
    from callcenter.payroll.export import to_xml, validate_xml

    today = timezone.localdate()
    report = build_report(today, today)
    validate_xml(to_xml(report))
    employees = {employee.member_name: employee for employee in report.employees}
    answered = Counter(
        agent for _, outcome, agent in center.driven.calls if outcome in ("answered", "transferred")
    )
    transfers = Counter(agent for _, outcome, agent in center.driven.calls if outcome == "transferred")
    missed = Counter(center.driven.no_answers)
    surveys = Counter(agent for agent, _ in center.driven.surveys)
    for name, employee in employees.items():
        got = (employee.answered, employee.transfers, employee.missed, employee.survey_count)
        want = (answered[name], transfers[name], missed[name], surveys[name])
        assert got == want, name
    assert set(answered) <= set(employees)
