"""Statistics as deployed: beat schedules the load, the worker loads queue_log within one interval, the
nightly report is built by the worker, and the payroll file equals the calls driven through the stack."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from tests.asterisk.conftest import SALES_DID, LogLine, queue_log
from tests.asterisk.node import wait_until
from tests.asterisk.phones import caller_phone
from tests.stack.compose import ROOT
from tests.stack.conftest import LOAD_INTERVAL_S, Stack, wait_stack


def _drive_an_answered_call(stack: Stack) -> tuple[str, str]:
    """A caller through the trunk to sales; the agent who answers hangs up after a moment."""
    before = len(stack.node.queue_log_lines())
    caller = caller_phone("79163330001")
    try:
        since = caller.call(SALES_DID, stack.node.sip_port)

        def connected() -> LogLine | None:
            for line in queue_log_lines_after(stack, before):
                if line.verb == "CONNECT":
                    return line
            return None

        connect = wait_until(connected, 20, "an agent to answer")
        caller.hangup()
        caller.wait_disconnected(since)
        wait_until(
            lambda: any(line.verb.startswith("COMPLETE") for line in queue_log_lines_after(stack, before)),
            15,
            "the call to complete",
        )
    finally:
        caller.stop()
    return connect.callid, connect.agent


def queue_log_lines_after(stack: Stack, start: int) -> list[LogLine]:
    class _Center:  # queue_log() reads the node through .node
        node = stack.node

    return queue_log(_Center)[start:]  # type: ignore[arg-type]


def test_the_worker_loads_queue_log_on_the_beat_schedule_within_one_interval(stack: Stack) -> None:
    from callcenter.stats.models import Call

    callid, agent = _drive_an_answered_call(stack)
    wait_stack(
        stack,
        lambda: Call.objects.filter(callid=callid, outcome=Call.Outcome.ANSWERED).exists(),
        LOAD_INTERVAL_S + 20,  # one beat interval, plus the task's own run on a loaded machine
        "the worker to load the call",
    )
    assert Call.objects.get(callid=callid).agent == agent


def test_the_nightly_report_is_built_by_the_worker(stack: Stack) -> None:
    from callcenter.stats.models import ReportRun
    from callcenter.stats.tasks import build_nightly_report

    build_nightly_report.delay()  # as beat sends it at 00:15, through the broker to the reports queue
    yesterday = timezone.localdate() - timedelta(days=1)

    def built() -> bool:
        runs = ReportRun.objects.filter(nightly=True, report_date=yesterday)
        return runs.count() >= 2 and all(run.status == "done" for run in runs)

    wait_stack(stack, built, 120, "the nightly report files")
    media = stack.services["worker"].environment["MEDIA_ROOT"]
    for run in ReportRun.objects.filter(nightly=True, report_date=yesterday):
        path = Path(media) / str(run.file.name)
        assert path.stat().st_size > 0, path


def test_export_payroll_in_the_stack_equals_the_calls_it_took(stack: Stack) -> None:
    from callcenter.stats.models import Call

    worker = stack.services["worker"]
    today = timezone.localdate().isoformat()
    out = stack.root / "payroll.xml"
    result = subprocess.run(
        [sys.executable, "manage.py", "export_payroll", "--from", today, "--to", today, "--out", str(out)],
        cwd=ROOT, env=worker.environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answered: dict[str, int] = {}
    for member in Call.objects.filter(outcome__in=["answered", "transferred"]).values_list(
        "agent", flat=True
    ):
        answered[member] = answered.get(member, 0) + 1
    tree = ET.parse(out)  # noqa: S314 - the file this test just wrote
    seen = {}
    for employee in tree.iter():
        if employee.tag.split("}")[-1] == "Employee":
            texts = {child.tag.split("}")[-1]: child.text for child in employee.iter()}
            seen[texts.get("MemberName") or ""] = int(texts.get("Answered") or 0)
    assert {name: count for name, count in seen.items() if count} == answered
