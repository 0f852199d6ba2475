"""The callback list's entries: one per number in E.164, kept from the calls, assigned and closed.

T0 is 2026-11-23 09:00:00 UTC. The lines are Asterisk 22's, as in tests/stats/test_callbacks.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from callcenter.audit.models import AuditEntry
from callcenter.stats import actions, reports
from callcenter.stats.models import Callback, CallbackTurn
from callcenter.stats.reports import ReportFilter
from tests.factories import AgentFactory, CallbackFactory, TeamFactory
from tests.harness.astdb import AstDB
from tests.harness.astdb_node import astdb_node
from tests.harness.background import BackgroundAMI
from tests.stats.conftest import T0

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)
T = T0 + 5000


def _at(offset: int) -> datetime:
    return datetime.fromtimestamp(T + offset, tz=UTC)


def _missed(callid: str, caller: str, at: int, wait: int = 20, queue: str = "support") -> list[str]:
    return [
        f"{T + at}|{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1",
        f"{T + at + wait}|{callid}|{queue}|NONE|ABANDON|1|1|{wait}",
    ]


def _answered(callid: str, caller: str, at: int) -> list[str]:
    return [
        f"{T + at}|{callid}|support|NONE|ENTERQUEUE||{caller}|1",
        f"{T + at + 5}|{callid}|support|Agent 1001|CONNECT|5|{callid}.9|1",
        f"{T + at + 65}|{callid}|support|Agent 1001|COMPLETECALLER|5|60|1",
    ]


# The caller (caller ID 79161110000) waits 35 s, presses *, and types 89035550000 (the 8 prefix).
ASK = [
    f"{T}|r1|support|NONE|ENTERQUEUE||79161110000|1",
    f"{T + 35}|r1|support|NONE|EXITWITHKEY|*|1|1|35",
]
REQUEST = [
    f"{T + 47}|r1|support|NONE|CALLBACKREQUEST|89035550000|1",
    f"{T + 47}|t1|support|NONE|CALLBACKHOLD|r1",
    f"{T + 47}|t1|support|NONE|ENTERQUEUE|||1",
]
TURN_ANSWERED = [
    f"{T + 110}|t1|support|Agent 1001|CONNECT|63|t1.9|4",
    f"{T + 200}|t1|support|Agent 1001|COMPLETEAGENT|63|90|1",
]


@pytest.fixture
def load(write_log: Callable[..., Path]) -> Callable[..., Path]:
    """Append lines to the queue_log and load it as the product does (load, then sync the list)."""
    path: list[Path] = []

    def run(lines: list[str]) -> Path:
        path.append(write_log(lines, append=bool(path)))
        actions.load_queue_log(str(path[0]), "pbx1")
        return path[0]

    return run


def _open() -> list[tuple[str, str, int]]:
    return list(
        Callback.objects.exclude(status="closed").order_by("number").values_list("number", "kind", "attempts")
    )


def test_the_same_number_written_two_ways_is_one_entry(load: Callable[..., Path]) -> None:
    load(_missed("c1", "79161110000", 0, wait=20) + _missed("c2", "89161110000", 300, wait=45))
    entry = Callback.objects.get()
    assert (entry.number, entry.kind, entry.attempts, entry.max_wait_s) == ("+79161110000", "missed", 2, 45)
    assert (entry.requested_at, entry.last_call_at) == (_at(0), _at(300))


def test_a_request_is_tracked_with_who_asked_when_where_and_the_number_to_call(
    load: Callable[..., Path],
) -> None:
    load(ASK + REQUEST)
    entry = Callback.objects.get()
    assert (entry.kind, entry.number, entry.caller, entry.queue) == (
        "request", "+79035550000", "79161110000", "support",
    )  # fmt: skip
    assert (entry.requested_at, entry.request_callid, entry.server) == (_at(47), "r1", "pbx1")


def test_a_request_read_after_its_exit_key_replaces_the_missed_entry(load: Callable[..., Path]) -> None:
    load(ASK)  # the load ran while the caller was typing the number
    assert _open() == [("+79161110000", "missed", 1)]
    load(REQUEST)
    assert _open() == [("+79035550000", "request", 1)]


def test_loading_the_same_lines_again_changes_nothing(load: Callable[..., Path], tmp_path: Path) -> None:
    path = load(ASK + REQUEST + _missed("c1", "79160000001", 100))
    before = _open()
    actions.load_queue_log(str(path), "pbx1")
    copy = tmp_path / "copy"
    shutil.copyfile(path, copy)
    actions.load_queue_log(str(copy), "pbx1")
    assert _open() == before == [("+79035550000", "request", 1), ("+79160000001", "missed", 1)]


def test_an_agent_answering_the_held_turn_closes_the_request_as_called_back(
    load: Callable[..., Path],
) -> None:
    load(ASK + REQUEST)
    load(TURN_ANSWERED)
    entry = Callback.objects.get()
    assert (entry.status, entry.outcome, entry.closed_agent) == ("closed", "called_back", "Agent 1001")
    assert (entry.called_back_at, entry.time_to_callback_s) == (_at(110), 63)
    audit = AuditEntry.objects.get(action="stats.callbacks_closed")
    assert audit.changes == {"closed": {"called_back": 1}, "ids": [entry.pk]}


def test_a_caller_who_gets_through_later_closes_their_entry(load: Callable[..., Path]) -> None:
    load(_missed("c1", "79160000001", 0))
    load(_answered("c2", "89160000001", 600))
    entry = Callback.objects.get()
    assert (entry.status, entry.outcome, entry.closed_at) == ("closed", "got_through", _at(605))


def test_a_call_after_the_callback_opens_a_new_entry_and_one_before_it_does_not(
    load: Callable[..., Path],
) -> None:
    load(ASK + REQUEST + TURN_ANSWERED)
    load(_missed("c1", "79035550000", 300))
    assert _open() == [("+79035550000", "missed", 1)]
    Callback.objects.filter(status="open").delete()
    load(_missed("c2", "79035550000", 60))  # before the callback at T + 110: it was handled by it
    assert _open() == []


def test_calls_older_than_the_age_limit_open_nothing(load: Callable[..., Path], settings: Any) -> None:
    settings.CALLBACK_MAX_AGE_DAYS = 1
    load(_missed("c1", "79160000001", 0) + _missed("c2", "79160000002", 2 * 86400))
    assert _open() == [("+79160000002", "missed", 1)]


def test_numbers_that_are_not_valid_keep_their_digits(load: Callable[..., Path]) -> None:
    load(_missed("c1", "5551002", 0))
    assert _open() == [("5551002", "missed", 1)]


# --- assigning and closing -------------------------------------------------------------------------


def test_assigning_to_an_agent_is_audited(manager_user: Any) -> None:
    entry = CallbackFactory.create()
    agent = AgentFactory.create()
    actions.assign_callback(manager_user, entry, agent=agent)
    entry.refresh_from_db()
    assert (entry.status, entry.agent, entry.team) == ("assigned", agent, None)
    audit = AuditEntry.objects.get(action="stats.callback_assigned")
    assert (audit.actor, audit.changes["agent"], audit.changes["status"]) == (
        manager_user, [None, agent.pk], ["open", "assigned"],
    )  # fmt: skip


def test_assigning_to_nobody_opens_the_entry_again(manager_user: Any) -> None:
    entry = CallbackFactory.create(status="assigned", team=TeamFactory.create())
    actions.assign_callback(manager_user, entry)
    entry.refresh_from_db()
    assert (entry.status, entry.agent, entry.team) == ("open", None, None)


@pytest.mark.parametrize("case", ["both", "inactive agent", "closed"])
def test_a_wrong_assignment_is_refused_and_changes_nothing(manager_user: Any, case: str) -> None:
    entry = CallbackFactory.create(status="closed" if case == "closed" else "open")
    agent = AgentFactory.create(active=case != "inactive agent")
    with pytest.raises(ValidationError):
        actions.assign_callback(
            manager_user, entry, agent=agent, team=TeamFactory.create() if case == "both" else None
        )
    entry.refresh_from_db()
    assert entry.agent is None
    assert not AuditEntry.objects.filter(action="stats.callback_assigned").exists()


def test_closing_as_called_back_records_the_time_to_callback(manager_user: Any) -> None:
    entry = CallbackFactory.create(requested_at=timezone.now() - timedelta(minutes=10))
    reached = entry.requested_at + timedelta(seconds=420)
    actions.close_callback(
        manager_user, entry, "called_back", called_back_at=reached, agent_name="Agent 1001"
    )
    entry.refresh_from_db()
    assert (entry.outcome, entry.time_to_callback_s, entry.closed_agent) == ("called_back", 420, "Agent 1001")


@pytest.mark.parametrize("outcome", ["", "got_through", "sold"])
def test_a_person_closes_only_with_a_manual_outcome(manager_user: Any, outcome: str) -> None:
    entry = CallbackFactory.create()
    with pytest.raises(ValidationError, match="Choose how the callback ended"):
        actions.close_callback(manager_user, entry, outcome)
    entry.refresh_from_db()
    assert entry.status == "open"


def test_a_closed_entry_cannot_be_closed_again(manager_user: Any) -> None:
    entry = CallbackFactory.create()
    actions.close_callback(manager_user, entry, "wrong_number")
    with pytest.raises(ValidationError, match="already closed"):
        actions.close_callback(manager_user, entry, "called_back")
    assert AuditEntry.objects.filter(action="stats.callback_closed").count() == 1


def test_listeners_hear_of_assignments_and_closures(
    manager_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[tuple[int, str]] = []
    monkeypatch.setattr(
        "callcenter.stats.actions.callbacks.CALLBACK_LISTENERS",
        [lambda entry: heard.append((entry.pk, entry.status))],
    )
    entry = CallbackFactory.create()
    actions.assign_callback(manager_user, entry, team=TeamFactory.create())
    actions.close_callback(manager_user, entry, "no_answer")
    assert heard == [(entry.pk, "assigned"), (entry.pk, "closed")]


# --- the held turn ---------------------------------------------------------------------------------


@pytest.fixture
def node() -> Iterator[BackgroundAMI[AstDB]]:
    """Node pbx1 answering AMI in the background; it records every action it is sent."""
    with astdb_node("pbx1") as server:
        yield server


def test_assigning_a_request_takes_its_held_turn_out_of_the_queue(
    manager_user: Any, node: BackgroundAMI[AstDB], django_capture_on_commit_callbacks: Any
) -> None:
    entry = CallbackFactory.create(queue="support", request_callid="1795429400.41", server="pbx1")
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_callback(manager_user, entry, agent=AgentFactory.create())
    flag = node.next_action("DBPut")
    assert (flag.get("Family"), flag.get("Key"), flag.get("Val")) == (
        "cc-callback",
        "1795429400.41",
        "handled",
    )
    hangup = node.next_action("Hangup")
    assert hangup.get("Channel") == r"/^Local/[0-9]+-support\+1795429400\.41@cc-callback-hold-/"


def test_a_held_turn_that_ended_is_left_alone(node: BackgroundAMI[AstDB]) -> None:
    entry = CallbackFactory.create(request_callid="r9", server="pbx1")
    CallbackTurn.objects.create(
        server="pbx1", callid="t9", queue="support", request_callid="r9",
        entered_at=timezone.now(), ended_at=timezone.now(),
    )  # fmt: skip
    assert actions.release_held_turn(entry) is False
    assert node.actions.empty()


def test_a_missed_call_has_no_held_turn(node: BackgroundAMI[AstDB]) -> None:
    assert actions.release_held_turn(CallbackFactory.create(kind="missed", request_callid="")) is False
    assert node.actions.empty()


# --- the report ------------------------------------------------------------------------------------


def test_the_report_shows_the_closed_entries_with_their_time_to_callback(manager_user: Any) -> None:
    now = timezone.now()
    first = CallbackFactory.create(requested_at=now - timedelta(minutes=30))
    second = CallbackFactory.create(requested_at=now - timedelta(hours=3))
    third = CallbackFactory.create()
    actions.close_callback(manager_user, first, "called_back", called_back_at=now - timedelta(minutes=20))
    actions.close_callback(manager_user, second, "called_back", called_back_at=now - timedelta(hours=1))
    actions.close_callback(manager_user, third, "wrong_number")
    today = timezone.localdate()
    closed = reports.callbacks_closed(ReportFilter(today, today, str(timezone.get_current_timezone())))
    assert reports.callback_summary(closed) == {
        "closed": 3,
        "by_outcome": {"called_back": 2, "wrong_number": 1},
        "called_back": 2,
        "avg_time_to_callback_s": 3900.0,
        "max_time_to_callback_s": 7200,
        "within_1h": 1,
    }


def test_the_list_shows_a_supervisor_the_entries_of_their_queues(center: dict[str, Any]) -> None:
    from callcenter.stats.querysets import visible_queue_names

    CallbackFactory.create(queue="support", requested_at=_at(0), last_call_at=_at(0))
    CallbackFactory.create(queue="sales", requested_at=_at(0), last_call_at=_at(0))
    flt = ReportFilter(DAY, DAY, "UTC", visible_queues=visible_queue_names(center["sam"]))
    assert [entry["queue"] for entry in reports.callback_list(flt)] == ["support"]


def test_the_load_command_brings_the_list_up_to_the_lines_unless_told_not_to(
    write_log: Callable[..., Path],
) -> None:
    from django.core.management import call_command

    path = write_log(_missed("c1", "79160000001", 0))
    call_command("load_queue_log", str(path), "--server", "pbx1", "--no-callbacks")
    assert _open() == []
    write_log(_missed("c2", "79160000002", 100), append=True)
    call_command("load_queue_log", str(path), "--server", "pbx1")
    assert _open() == [("+79160000001", "missed", 1), ("+79160000002", "missed", 1)]
