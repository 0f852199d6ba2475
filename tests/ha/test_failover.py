"""A failover day on a real pair of Asterisk nodes: log-ins where the phones are, calls on both nodes, ha2
killed under a burst of calls on ha1, the agents following their phones, the active bridge killed, a group
apply that fails on one node, ha2 back, and at the end the reports and the payroll file against the calls
driven. The scenarios run in order (they share one pair and one day)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from pathlib import Path

from django.utils import timezone

from callcenter.accounts.models import User
from callcenter.agents.models import SessionMove
from callcenter.dialer.nodes import GroupTransport
from callcenter.dialer.transport import OriginateRequest
from callcenter.live.store import read_snapshot
from callcenter.payroll.builder import build_report
from callcenter.payroll.export import to_xml, validate_xml
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.apply.versions import NodeDirectory
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.stats.actions import load_queue_log
from callcenter.stats.models import QueueLogLine
from callcenter.stats.reports import ReportFilter, queue_summary
from callcenter.wallboard.actions import agent_login, agent_logout
from tests.asterisk.node import wait_until
from tests.ha.conftest import (
    AGENTS_HA1,
    AGENTS_HA2,
    DID,
    QUEUE,
    Pair,
    assert_live_equals_asterisk,
    lease_holder,
    members,
    start_bridge,
    store,
)

FAILOVER_S = 5.0  # boards right, agents moved, dialer moved
TAKEOVER_S = 10.0  # the standby bridge holds the node


def _user(extension: str) -> User:
    return User.objects.get(username=f"agent{extension}")


def _answered_call(pair: Pair, node: str, talk_s: float = 1.0) -> str:
    """A customer calls the DID on ``node``; an agent answers; the customer hangs up. Returns who answered."""
    target = pair.nodes[node]
    mark = len(target.queue_log_lines())
    phone = pair.caller()
    since = phone.call(DID, target.sip_port)

    def connected() -> str | None:
        for line in target.queue_log_lines()[mark:]:
            fields = line.split("|")
            if fields[4] == "CONNECT":
                return fields[3]
        return None

    agent = wait_until(connected, 20, f"an agent of {node} to answer")
    deadline = time.monotonic() + talk_s
    wait_until(lambda: time.monotonic() >= deadline, talk_s + 1, "the talk time")
    phone.hangup()
    phone.wait_disconnected(since)
    pair.answered.append((node, agent))
    return str(agent)


def _no_channels(pair: Pair, node: str) -> None:
    wait_until(lambda: "0 active channels" in pair.nodes[node].cli("core show channels"), 20, "idle")


def test_both_nodes_run_the_group_s_configuration(pair: Pair) -> None:
    for node in pair.nodes.values():
        assert f"{QUEUE} has 0 calls" in node.cli("queue show")
        assert "rrmemory" in node.cli(f"queue show {QUEUE}")
    for name in pair.nodes:
        assert_live_equals_asterisk(pair, name)


def test_agents_log_in_on_the_node_their_phone_is_registered_with(pair: Pair) -> None:
    for extension in (*AGENTS_HA1, *AGENTS_HA2):
        agent_login(_user(extension))
    assert set(members(pair.nodes["ha1"])) == {f"PJSIP/{e}" for e in AGENTS_HA1}
    assert set(members(pair.nodes["ha2"])) == {f"PJSIP/{e}" for e in AGENTS_HA2}
    for name in pair.nodes:
        assert_live_equals_asterisk(pair, name)


def test_calls_on_both_nodes_reach_their_agents(pair: Pair) -> None:
    assert _answered_call(pair, "ha1").split()[-1] in AGENTS_HA1
    assert _answered_call(pair, "ha2").split()[-1] in AGENTS_HA2
    for name in pair.nodes:
        _no_channels(pair, name)
        assert_live_equals_asterisk(pair, name)


def test_a_node_killed_under_calls_is_handled_within_five_seconds(pair: Pair) -> None:
    ha1, ha2 = pair.nodes["ha1"], pair.nodes["ha2"]
    # A burst on the survivor: two customers talking to ha1's agents when ha2 dies.
    mark = len(ha1.queue_log_lines())
    burst = [pair.caller(), pair.caller()]
    dialled = [phone.dial(f"sip:{DID}@127.0.0.1:{ha1.sip_port}") for phone in burst]
    for phone, since in zip(burst, dialled, strict=True):
        phone.wait_confirmed(since)
    wait_until(
        lambda: sum("|CONNECT|" in line for line in ha1.queue_log_lines()[mark:]) == 2, 20, "both answered"
    )
    assert ha2.process is not None
    os.killpg(ha2.process.pid, signal.SIGKILL)
    ha2.process.wait(timeout=10)
    killed = time.monotonic()
    # The phones of ha2's agents fall back to ha1, as a phone with a second registrar does.
    for extension in AGENTS_HA2:
        pair.phones[extension].register_with(extension, pair.passwords[extension], ha1.sip_port)
    registered = time.monotonic()
    wait_until(lambda: not store().is_connected("ha2"), FAILOVER_S, "the boards to mark ha2 lost")
    pair.figures["lost_s"] = time.monotonic() - killed
    # Every board reads ``connected`` and leaves the node's queues, agents and callers out of its totals.
    assert read_snapshot("ha2")["connected"] is False
    wanted = {f"PJSIP/{e}" for e in (*AGENTS_HA1, *AGENTS_HA2)}
    wait_until(lambda: set(members(ha1)) == wanted, FAILOVER_S, "ha2's agents to be logged in on ha1")
    pair.figures["agents_moved_s"] = time.monotonic() - killed
    pair.figures["agents_moved_after_registration_s"] = time.monotonic() - registered
    moves = SessionMove.objects.filter(from_server="ha2", to_server="ha1", queue=QUEUE)
    moved = [f"PJSIP/{e}" for e in AGENTS_HA2]
    wait_until(lambda: sorted(moves.values_list("interface", flat=True)) == moved, 2, "the moves recorded")
    # The dialer places its calls on ha1 only.
    transport = GroupTransport(list(AsteriskServer.objects.order_by("name")))
    for turn in range(3):
        # Over the trunk to the carrier, which answers; the answered leg then ends at once (a Return with
        # nothing to return to): only the node the call was placed on matters here.
        transport.originate(
            OriginateRequest(
                action_id=f"ha-{turn}",
                channel=f"PJSIP/7916555{turn:04d}@carrier",
                context="cc-agent-iface",
                exten=AGENTS_HA1[0],
            )
        )
        assert transport.last_node == "ha1"
    pair.figures["dialer_on_survivor_s"] = time.monotonic() - killed
    # No call lost on the survivor: both customers are still talking, and end normally.
    assert (
        sum(
            line.split("|")[4] in ("COMPLETECALLER", "COMPLETEAGENT") for line in ha1.queue_log_lines()[mark:]
        )
        == 0
    )
    for phone, since in zip(burst, dialled, strict=True):
        phone.hangup()
        phone.wait_disconnected(since)
    wait_until(
        lambda: sum("|COMPLETECALLER|" in line for line in ha1.queue_log_lines()[mark:]) == 2,
        10,
        "completions",
    )
    for line in ha1.queue_log_lines()[mark:]:
        if "|CONNECT|" in line:
            pair.answered.append(("ha1", line.split("|")[3]))
    _no_channels(pair, "ha1")
    assert_live_equals_asterisk(pair, "ha1")


def test_the_moved_agents_take_calls_on_the_survivor(pair: Pair) -> None:
    who = {_answered_call(pair, "ha1") for _ in range(4)}
    assert {name.split()[-1] for name in who} & set(AGENTS_HA2)
    assert_live_equals_asterisk(pair, "ha1")


def test_the_standby_bridge_takes_over_within_ten_seconds(pair: Pair) -> None:
    holder = lease_holder("ha1")
    assert holder is not None
    victim = next(bridge for bridge in pair.bridges if bridge.process.pid == holder)
    victim.process.kill()
    victim.process.wait(timeout=10)
    killed = time.monotonic()
    wait_until(
        lambda: (lease_holder("ha1") or holder) != holder and store().is_connected("ha1"),
        TAKEOVER_S,
        "the standby bridge to hold ha1",
    )
    pair.figures["bridge_takeover_s"] = time.monotonic() - killed
    start_bridge(pair)  # a new standby, as an orchestrator restarts a dead process
    _answered_call(pair, "ha1")
    assert_live_equals_asterisk(pair, "ha1")


def _live_versions(pair: Pair) -> dict[str, int | None]:
    return {
        name: NodeDirectory(Path(server.config_dir)).live_version() for name, server in pair.servers.items()
    }


def test_a_group_apply_that_fails_on_one_node_leaves_both_on_the_old_version(pair: Pair) -> None:
    ha1 = pair.nodes["ha1"]
    before = _live_versions(pair)
    queue = Queue.objects.get(name=QUEUE)
    queue.strategy = Queue.Strategy.LINEAR
    pbx_actions.save(None, queue)
    # ha1 switches first (name order) and reloads; ha2 is down and cannot: ha1 goes back and reloads again.
    entry = pbx_actions.apply_group_configuration(None, pair.group, sounds_dir=ha1.sounds / "en")
    statuses = {apply.server.name: apply.status for apply in entry.node_applies.select_related("server")}
    assert statuses["ha1"] == "rolled_back", (statuses, entry.error)
    assert statuses["ha2"] in ("rolled_back", "failed"), (statuses, entry.error)
    assert "ha2" in entry.error
    assert _live_versions(pair) == before
    assert "rrmemory" in ha1.cli(f"queue show {QUEUE}")
    queue.strategy = Queue.Strategy.RRMEMORY
    pbx_actions.save(None, queue)
    assert_live_equals_asterisk(pair, "ha1")


def test_the_node_back_is_resynced_and_keeps_no_moved_agent(pair: Pair) -> None:
    ha2 = pair.nodes["ha2"]
    ha2.start()
    started = time.monotonic()
    wait_until(lambda: store().is_connected("ha2"), 30, "a bridge to hold ha2 again")
    wait_until(lambda: not members(ha2), FAILOVER_S, "ha2 to keep none of the moved agents")
    assert "rrmemory" in ha2.cli(f"queue show {QUEUE}")  # the failed group apply left it on the old version
    pair.figures["node_back_s"] = time.monotonic() - started
    for name in pair.nodes:
        assert_live_equals_asterisk(pair, name)
    _answered_call(pair, "ha1")


def test_agents_log_out_where_they_are(pair: Pair) -> None:
    for name in pair.nodes:
        _no_channels(pair, name)
    for extension in (*AGENTS_HA1, *AGENTS_HA2):
        agent_logout(_user(extension))
    assert members(pair.nodes["ha1"]) == {}
    assert members(pair.nodes["ha2"]) == {}


def _today() -> ReportFilter:
    today = timezone.localdate()
    return ReportFilter(date_from=today, date_to=today, tz=str(timezone.get_current_timezone()), sl=[20])


def test_the_reports_equal_the_calls_driven_on_both_nodes(pair: Pair) -> None:
    for name, node in pair.nodes.items():
        first = load_queue_log(str(node.queue_log), name)
        assert first.quarantined == 0
        assert QueueLogLine.objects.filter(server=name).count() == len(node.queue_log_lines())
        assert load_queue_log(str(node.queue_log), name).loaded == 0
    row = queue_summary(_today())[QUEUE]
    assert (row["offered"], row["answered"], row["abandoned"]) == (len(pair.answered), len(pair.answered), 0)


def test_payroll_counts_one_continuous_session_for_a_moved_agent(pair: Pair) -> None:
    today = timezone.localdate()
    report = build_report(today, today)
    validate_xml(to_xml(report))
    employees = {employee.member_name: employee for employee in report.employees}
    for extension in (*AGENTS_HA1, *AGENTS_HA2):
        employee = employees[f"Agent {extension}"]
        sessions = [session for session in employee.sessions if session.queue == QUEUE]
        assert len(sessions) == 1, (extension, sessions)
        session = sessions[0]
        assert not session.open and session.server == "ha1"
        assert session.ended_at - session.started_at > dt.timedelta(seconds=10)
        answered = sum(1 for _, agent in pair.answered if agent == f"Agent {extension}")
        assert employee.answered == answered, extension
