"""Calls no agent takes: the caller gives up, the queue's maximum wait runs out, the queue empties."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import pytest

from tests.asterisk.conftest import (
    SALES_DID,
    Center,
    assert_live_equals_asterisk,
    change_queue,
    log_mark,
    paused_in,
    wait_idle,
    wait_log,
    waiting_for,
)
from tests.asterisk.node import wait_until

SALES = ["1005", "1006", "1007", "1008", "1009", "1010"]


@pytest.fixture(scope="module")
def sales_paused(center: Center) -> Iterator[None]:
    """Every sales member paused in sales only: callers wait there, and support still works."""
    with paused_in(center, "sales", SALES):
        yield


def test_a_member_paused_in_sales_is_free_in_support(center: Center, sales_paused: None) -> None:
    output = center.node.cli("queue show support")
    assert "PJSIP/1005" in output and "paused" not in output.split("PJSIP/1005", 1)[1].splitlines()[0]
    assert_live_equals_asterisk(center)


def test_a_caller_who_hangs_up_while_waiting_is_an_abandon(center: Center, sales_paused: None) -> None:
    mark = log_mark(center)
    caller, _ = center.call(SALES_DID, "79161110002")
    enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
    assert_live_equals_asterisk(center)  # one caller waiting in sales, on the board too
    wait_until(lambda: waiting_for(center, enter.callid) >= 2, 10, "two seconds of waiting")
    caller.hangup()
    abandon = wait_log(center, "ABANDON", callid=enter.callid)
    assert int(abandon.data[2]) >= 2  # the wait, in seconds
    wait_idle(center)
    assert_live_equals_asterisk(center)
    center.driven.miss("sales", "abandoned")


def test_a_caller_leaves_when_the_queues_maximum_wait_runs_out(center: Center, sales_paused: None) -> None:
    change_queue(center, "sales", max_wait=3)
    try:
        mark = log_mark(center)
        caller, since = center.call(SALES_DID, "79161110003")
        enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
        timeout = wait_log(center, "EXITWITHTIMEOUT", callid=enter.callid, timeout=15)
        assert timeout.data[0] == "1"  # position when leaving
        caller.wait_disconnected(since)
        wait_idle(center)
        assert_live_equals_asterisk(center)
        center.driven.miss("sales", "timeout")
    finally:
        change_queue(center, "sales", max_wait=0)


def test_a_caller_leaves_a_queue_that_has_no_free_member(center: Center, sales_paused: None) -> None:
    from callcenter.pbx.models import Queue

    change_queue(center, "sales", leavewhenempty=Queue.EmptyRule.PAUSED_UNAVAILABLE)
    try:
        mark = log_mark(center)
        caller, since = center.call(SALES_DID, "79161110004")
        enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
        wait_log(center, "EXITEMPTY", callid=enter.callid, timeout=15)
        caller.wait_disconnected(since)
        wait_idle(center)
        assert_live_equals_asterisk(center)
        center.driven.miss("sales", "exitempty")
    finally:
        change_queue(center, "sales", leavewhenempty=Queue.EmptyRule.NO)


class Said(NamedTuple):
    """What app_queue logged of the hold time since a log line: its estimates and the prompts it played."""

    estimates: list[str]
    played: list[str]


def _said(center: Center, start: int) -> Said:
    lines = center.node.log_lines()[start:]
    estimates = [line.split("app_queue.c: ", 1)[1] for line in lines if "Hold time for sales is" in line]
    played = [line for line in lines if "Playing 'queue-holdtime" in line]
    return Said(estimates, played)


def _wait_in_sales_until(center: Center, number: str, until: Callable[[Said], list[str]], what: str) -> Said:
    """A caller waits in sales until ``until`` finds ``what`` said, then hangs up: an abandon."""
    start = len(center.node.log_lines())
    mark = log_mark(center)
    caller, _ = center.call(SALES_DID, number)
    enter = wait_log(center, "ENTERQUEUE", queue="sales", after=mark)
    wait_until(lambda: until(_said(center, start)), 10, what)
    said = _said(center, start)
    caller.hangup()
    wait_log(center, "ABANDON", callid=enter.callid)
    wait_idle(center)
    center.driven.miss("sales", "abandoned")
    return said


def test_the_hold_time_is_announced_when_asterisk_has_one_to_say(center: Center, sales_paused: None) -> None:
    """app_queue says the hold time in whole minutes unless it may round to seconds; a short estimate in
    whole minutes is 0 and is never said. Rounded to 10 s, the caller hears it on joining."""
    change_queue(center, "sales", announce_holdtime="yes", announce_frequency=30, announce_round_seconds=10)
    try:
        estimates = _wait_in_sales_until(
            center, "79161110010", lambda said: said.played, "the hold-time prompt to play"
        ).estimates
        assert estimates and estimates[0].startswith("Hold time for sales is 0 minute(s) 30 seconds")

        change_queue(center, "sales", announce_round_seconds=0)
        estimates, played = _wait_in_sales_until(
            center, "79161110011", lambda said: said.estimates, "app_queue's hold-time estimate"
        )
        assert estimates[0].startswith("Hold time for sales is 0 minute(s) 0 seconds")
        assert played == []  # nothing to say: this is why whole minutes were never heard
    finally:
        change_queue(center, "sales", announce_holdtime="no", announce_frequency=0, announce_round_seconds=0)
    assert_live_equals_asterisk(center)
