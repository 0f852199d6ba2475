"""The simulator against the real Asterisk, call by call: the day of tests/asterisk/ replayed on the simulator.

The real suite's scenarios are driven here in the same order, over AMI, on the queues.conf the control
plane renders for the demo center, with center time stepped by hand. Each scenario's events and queue_log
lines are normalised as the real run's were (tests/asterisk/recorder.py) and compared with the committed
record of that run (tests/asterisk/reference/). What is left out, and why, is in docs/simulator.md
("Differences from the real Asterisk").
"""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.asterisk.recorder import Record, load_reference, normalise
from tests.simulator.amiclient import Frame, RawAMI, header

SECRET = "parity-secret"
SALES = [f"PJSIP/10{n:02d}" for n in range(5, 11)]
SUPPORT = [f"PJSIP/100{n}" for n in range(1, 7)]
# queue_log verbs written by the product's dialplan (QueueLog()), not by app_queue: the simulator runs no
# dialplan of the product's.
DIALPLAN_VERBS = {"SURVEY", "CALLBACKREQUEST", "CALLBACKHOLD", "RECORDING"}

_QUEUE = """
[{name}]
strategy = {strategy}
timeout = {timeout}
retry = 5
wrapuptime = 0
maxlen = 0
weight = 0
servicelevel = {servicelevel}
joinempty = yes
leavewhenempty = {leavewhenempty}
ringinuse = no
musicclass = default
setinterfacevar = yes
setqueueentryvar = yes
setqueuevar = yes
{extra}"""


def queues_conf(
    *, sales_leave: str = "no", vip_strategy: str = "ringall", vip_timeout: int = 15, vip_1002: bool = True
) -> str:
    """queues.conf as the control plane renders the demo center (only what app_queue reads of it)."""
    general = "[general]\npersistentmembers = no\nautofill = yes\nshared_lastcall = yes\n"
    sales = "".join(f"member => {iface},0,Agent {iface[-4:]}\n" for iface in SALES)
    support = "context = cc-queue-exit-support\n" + "".join(
        f"member => {iface},{1 if iface >= 'PJSIP/1005' else 0},Agent {iface[-4:]}\n" for iface in SUPPORT
    )
    vip_members = ["PJSIP/1001", *(["PJSIP/1002"] if vip_1002 else []), "PJSIP/1009", "PJSIP/1010"]
    vip = "".join(f"member => {iface},0,Agent {iface[-4:]}\n" for iface in vip_members)
    return (
        general
        + _QUEUE.format(
            name="sales",
            strategy="leastrecent",
            timeout=25,
            servicelevel=30,
            leavewhenempty=sales_leave,
            extra=sales,
        )
        + _QUEUE.format(
            name="support",
            strategy="rrmemory",
            timeout=15,
            servicelevel=20,
            leavewhenempty="no",
            extra=support,
        )
        + _QUEUE.format(
            name="vip",
            strategy=vip_strategy,
            timeout=vip_timeout,
            servicelevel=10,
            leavewhenempty="no",
            extra=vip,
        )
    )


def _event(frame: Frame) -> dict[str, str]:
    event: dict[str, str] = {}
    for key, value in frame:
        event.setdefault(key, value)
    return event


@dataclass
class Day:
    """One simulator, driven over AMI the way the real suite drives its node."""

    sim: Simulator
    ami: RawAMI
    clock: ManualClock
    conf: Path
    queue_log: Path
    records: dict[str, Record] = field(default_factory=dict)
    _frames: int = 0
    _lines: int = 0

    def lines(self) -> list[str]:
        return self.queue_log.read_text().splitlines() if self.queue_log.exists() else []

    async def settle(self) -> None:
        await self.ami.action("Ping")

    async def act(self, action: str, *headers: tuple[str, str]) -> Frame:
        response = await self.ami.action(action, *headers)
        assert header(response, "Response") == "Success", (action, headers, response)
        await self.settle()
        return response

    async def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await self.settle()

    def events(self, start: int = 0) -> list[dict[str, str]]:
        return [_event(frame) for frame in self.ami.frames[start:] if header(frame, "Event")]

    def last(self, name: str, **match: str) -> dict[str, str]:
        found = [
            event
            for event in self.events(self._frames)
            if event["Event"] == name and all(event.get(key) == value for key, value in match.items())
        ]
        assert found, f"no {name} {match}"
        return found[-1]

    async def scenario(self, name: str) -> None:
        """Close the previous scenario and open ``name``; its record is kept under ``name``."""
        await self.settle()
        self._frames, self._lines = len(self.ami.frames), len(self.lines())
        self.records[name] = {}

    async def close(self, name: str) -> Record:
        await self.settle()
        record = normalise(self.events(self._frames), self.lines()[self._lines :])
        self.records[name] = record
        return record

    # -- what the real suite does ---------------------------------------------------------------------
    async def call(self, queue: str, number: str, *, max_wait: int = 0) -> dict[str, str]:
        """A customer reaches ``queue`` (Queue() with no timeout unless ``max_wait``); returns QueueCallerJoin."""
        start = len(self.ami.frames)
        await self.act(
            "Originate",
            ("Channel", f"Local/{queue}@queue-entry"),
            ("Application", "Wait"),
            ("Data", "3600"),
            ("CallerID", f"<{number}>" if number else ""),
            ("Variable", f"QTIMEOUT={max_wait}"),
            ("Async", "true"),
        )
        joins = [event for event in self.events(start) if event["Event"] == "QueueCallerJoin"]
        assert joins, f"the caller did not join {queue}"
        return joins[-1]

    async def hangup(self, channel: str) -> None:
        await self.act("Hangup", ("Channel", channel))

    async def pause(self, interface: str, queue: str, paused: bool = True, reason: str = "break") -> None:
        headers = [("Interface", interface), ("Queue", queue), ("Paused", "true" if paused else "false")]
        await self.act("QueuePause", *headers, *([("Reason", reason)] if paused else []))

    async def reload(self, **conf: Any) -> None:
        (self.conf / "queues.conf").write_text(queues_conf(**conf))
        await self.act("Reload", ("Module", "app_queue.so"))

    async def answered_call(
        self, queue: str, number: str, *, talk: float, agent_hangs_up: bool
    ) -> dict[str, str]:
        join = await self.call(queue, number)
        connect = self.last("AgentConnect", Uniqueid=join["Uniqueid"])
        await self.advance(talk)
        await self.hangup(connect["DestChannel"] if agent_hangs_up else join["Channel"])
        return connect


async def _run_day(conf: Path) -> dict[str, Record]:
    (conf / "manager.conf").write_text(f"[general]\nenabled = yes\n\n[parity]\nsecret = {SECRET}\n")
    (conf / "queues.conf").write_text(queues_conf())
    clock = ManualClock(1_796_533_844.0)
    simulator = Simulator(config_dir=conf, queue_log=conf / "queue_log", clock=clock, seed=1)
    await simulator.start()
    ami = await RawAMI.connect(simulator.port)
    try:
        await ami.login(username="parity", secret=SECRET)
        day = Day(simulator, ami, clock, conf, conf / "queue_log")
        await _the_day(day)
        return day.records
    finally:
        await ami.close()
        await simulator.stop()


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Record]:
    """The whole day on one simulator (the strategies' memory carries from call to call, as on the PBX)."""
    return asyncio.run(_run_day(tmp_path_factory.mktemp("parity")))


async def _the_day(day: Day) -> None:
    """tests/asterisk/test_10 ... test_60, in order, as far as they reach app_queue."""
    engine = day.sim.engine
    assert engine is not None
    await day.advance(7)

    name = "test_10_inbound.test_an_ivr_call_is_answered_recorded_and_scored"
    await day.scenario(name)
    await day.answered_call("support", "79161110001", talk=3, agent_hangs_up=True)
    await day.close(name)

    name = "test_20_unanswered.test_a_member_paused_in_sales_is_free_in_support"
    await day.scenario(name)
    for interface in SALES:
        await day.pause(interface, "sales")
    await day.close(name)

    name = "test_20_unanswered.test_a_caller_who_hangs_up_while_waiting_is_an_abandon"
    await day.scenario(name)
    join = await day.call("sales", "79161110002")
    await day.advance(2)
    await day.hangup(join["Channel"])
    await day.close(name)

    name = "test_20_unanswered.test_a_caller_leaves_when_the_queues_maximum_wait_runs_out"
    await day.scenario(name)
    await day.act("Command", ("Command", "dialplan reload"))  # the Queue() line gets its timeout
    await day.call("sales", "79161110003", max_wait=3)
    await day.advance(3)
    await day.act("Command", ("Command", "dialplan reload"))
    await day.close(name)

    name = "test_20_unanswered.test_a_caller_leaves_a_queue_that_has_no_free_member"
    await day.scenario(name)
    await day.reload(sales_leave="paused,unavailable")
    await day.call("sales", "79161110004")
    await day.advance(1)
    await day.reload()
    await day.close(name)

    name = "test_20_unanswered.test_the_hold_time_is_announced_when_asterisk_has_one_to_say"
    await day.scenario(name)
    await day.reload()  # announce-holdtime on (announcements are not simulated)
    join = await day.call("sales", "79161110010")
    await day.hangup(join["Channel"])
    await day.reload()
    join = await day.call("sales", "79161110011")
    await day.hangup(join["Channel"])
    await day.reload()
    for interface in SALES:  # the module's fixture ends
        await day.pause(interface, "sales", paused=False)
    await day.close(name)

    name = "test_30_callback.test_a_callback_request_keeps_the_turn_and_the_agent_calls_the_customer_back"
    await day.scenario(name)
    for interface in SUPPORT:
        await day.pause(interface, "support")
    join = await day.call("support", "79161110005")
    await day.advance(1)
    await day.act("PlayDTMF", ("Channel", join["Channel"]), ("Digit", "*"))
    await day.advance(3)
    held = await day.call("support", "")  # the held turn: a Local channel with no caller number
    await day.pause("PJSIP/1001", "support", paused=False)
    connect = day.last("AgentConnect", Uniqueid=held["Uniqueid"])
    await day.hangup(connect["DestChannel"])
    for interface in SUPPORT:
        await day.pause(interface, "support", paused=False)
    await day.close(name)

    name = "test_40_apply.test_an_apply_changes_the_strategy_and_removes_the_member_on_asterisk_and_on_the_boards"
    await day.scenario(name)
    await day.reload(vip_strategy="linear", vip_timeout=4, vip_1002=False)
    await day.close(name)

    name = "test_40_apply.test_a_member_who_does_not_answer_is_passed_over_for_the_next"
    await day.scenario(name)
    engine.set_device_available("PJSIP/1001", False)  # the phone is stopped ...
    engine.set_device_available("PJSIP/1001", True)  # ... and registers again, answering nothing
    engine.answer_delay = lambda member: None if member.interface == "PJSIP/1001" else 0.0
    join = await day.call("vip", "79161110006")
    await day.advance(4)  # vip's ring timeout
    await day.advance(5)  # its retry
    await day.hangup(join["Channel"])
    engine.set_device_available("PJSIP/1001", False)
    engine.answer_delay = lambda member: 0.0
    engine.set_device_available("PJSIP/1001", True)
    await day.close(name)

    name = "test_50_agent_day.test_a_dynamic_agent_logs_in_and_out_from_the_agent_page"
    await day.scenario(name)
    await day.act(
        "QueueAdd",
        ("Queue", "sales"),
        ("Interface", "PJSIP/1004"),
        ("Penalty", "0"),
        ("MemberName", "Agent 1004"),
        ("StateInterface", "PJSIP/1004"),
    )
    await day.act("QueueRemove", ("Queue", "sales"), ("Interface", "PJSIP/1004"))
    await day.close(name)

    name = "test_50_agent_day.test_an_agent_blind_transfers_a_caller_to_another_extension"
    await day.scenario(name)
    join = await day.call("sales", "79161110007")
    connect = day.last("AgentConnect", Uniqueid=join["Uniqueid"])
    await day.advance(3)
    await day.act(
        "BlindTransfer", ("Channel", connect["DestChannel"]), ("Exten", "1003"), ("Context", "cc-phones")
    )
    await day.advance(5)
    await day.close(name)

    for mode in ("listen-q", "whisper-qw", "barge-qB"):
        name = f"test_50_agent_day.test_a_supervisor_spies_on_an_agents_call_from_the_wallboard[{mode}]"
        await day.scenario(name)
        await day.answered_call("sales", "79161110008", talk=0, agent_hangs_up=False)
        await day.close(name)

    name = "test_60_restart.test_a_bridge_restart_during_a_call_counts_it_once"
    await day.scenario(name)
    await day.answered_call("support", "79161110009", talk=5, agent_hangs_up=True)
    await day.close(name)


def _comparable(record: Record) -> Record:
    """A record without the lines the product's dialplan writes (see DIALPLAN_VERBS)."""
    record = copy.deepcopy(record)
    record.pop("scenario", None)
    for call in record["calls"]:
        call["queue_log"] = [line for line in call["queue_log"] if line[3] not in DIALPLAN_VERBS]
    record["log"] = [line for line in record["log"] if line[3] not in DIALPLAN_VERBS]
    return record


SCENARIOS = [
    "test_10_inbound.test_an_ivr_call_is_answered_recorded_and_scored",
    "test_20_unanswered.test_a_member_paused_in_sales_is_free_in_support",
    "test_20_unanswered.test_a_caller_who_hangs_up_while_waiting_is_an_abandon",
    "test_20_unanswered.test_a_caller_leaves_when_the_queues_maximum_wait_runs_out",
    "test_20_unanswered.test_a_caller_leaves_a_queue_that_has_no_free_member",
    "test_20_unanswered.test_the_hold_time_is_announced_when_asterisk_has_one_to_say",
    "test_30_callback.test_a_callback_request_keeps_the_turn_and_the_agent_calls_the_customer_back",
    "test_40_apply.test_an_apply_changes_the_strategy_and_removes_the_member_on_asterisk_and_on_the_boards",
    "test_40_apply.test_a_member_who_does_not_answer_is_passed_over_for_the_next",
    "test_50_agent_day.test_a_dynamic_agent_logs_in_and_out_from_the_agent_page",
    "test_50_agent_day.test_an_agent_blind_transfers_a_caller_to_another_extension",
    "test_50_agent_day.test_a_supervisor_spies_on_an_agents_call_from_the_wallboard[listen-q]",
    "test_50_agent_day.test_a_supervisor_spies_on_an_agents_call_from_the_wallboard[whisper-qw]",
    "test_50_agent_day.test_a_supervisor_spies_on_an_agents_call_from_the_wallboard[barge-qB]",
    "test_60_restart.test_a_bridge_restart_during_a_call_counts_it_once",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_simulator_does_what_the_real_asterisk_did(records: dict[str, Record], scenario: str) -> None:
    assert _comparable(records[scenario]) == _comparable(load_reference(scenario))
