"""The PBX model: channels, app_queue's queues and members, Originate, ChanSpy and transfers.

Every flow emits the events of the matching recorded scenario in the recorded order (see
docs/simulator.md): the caller leg of ``Local/<queue>@queue-entry`` as in s01, a member that does not
answer as in s03, an abandon as in s02, ChanSpy as in s06 and dialer outcomes as in s07. The engine is
synchronous and driven by a Clock, so tests can step center time without sleeping.
"""

from __future__ import annotations

import dataclasses
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from callcenter.simulator.channels import (
    CAUSE_TEXT,
    STATE_BUSY,
    STATE_DOWN,
    STATE_RING,
    STATE_RINGING,
    STATE_UP,
    UNKNOWN,
    Bridge,
    Channel,
    Headers,
    snapshot,
)
from callcenter.simulator.clock import Clock, TimerHandle
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.simulator.strategies import Candidate, attempt_order, choose, next_cursor

EventSink = Callable[[str, str, Headers], None]

# Device states as QueueMemberStatus/QueueMember report them in "Status".
DEVICE_NOT_INUSE = 1
DEVICE_INUSE = 2
DEVICE_UNAVAILABLE = 5
DEVICE_RINGING = 6

# An agent phone auto-answers a dialer call after this long (the contact waits at most 2 s).
DIALER_AUTO_ANSWER_S = 0.3

# OriginateResponse reasons (s07).
REASON_NO_SUCH_EXTEN = 0
REASON_NO_ANSWER = 3
REASON_ANSWERED = 4
REASON_BUSY = 5
REASON_CONGESTION = 8

DIALER_OUTCOMES = ("answer", "busy", "noanswer", "congestion")
_PHONE_NUMBER = re.compile(r"^\+?[0-9]{3,}$")
PJSIP_PREFIX = "PJSIP/"
PHONE_ROUNDTRIP_US = 1500  # a registered phone's qualify round trip
# The context a phone's outgoing channel reports (PJSIP's default endpoint context).
DEVICE_CONTEXT = "default"


class EngineError(Exception):
    """An action the PBX refuses; the message is worded as Asterisk words it."""


@dataclass(eq=False)
class QueueMember:
    """One member of one queue (app_queue keeps a member object per queue)."""

    interface: str
    name: str
    state_interface: str
    penalty: int
    dynamic: bool
    login_time: float
    position: int
    paused: bool = False
    paused_reason: str = ""
    last_pause: float = 0
    calls: int = 0
    last_call: float = 0
    in_call: bool = False
    wrapup_until: float = 0

    @property
    def device(self) -> str:
        """Local/1001@agents/n counts against Local/1001@agents, as DeviceStateChange shows."""
        base = self.state_interface
        if base.startswith("Local/") and base.endswith("/n"):
            base = base[:-2]
        return base


@dataclass
class QueueStats:
    """The counters QueueParams and the QUEUE* variables report."""

    completed: int = 0
    abandoned: int = 0
    holdtime: int = 0
    talktime: int = 0
    completed_in_sl: int = 0
    abandoned_in_sl: int = 0

    def record_hold(self, hold: int) -> None:
        # app_queue's exponential average; the first sample is taken as is.
        self.holdtime = hold if self.completed == 0 else ((self.holdtime << 2) - self.holdtime + hold) >> 2

    def record_talk(self, talk: int) -> None:
        self.talktime = talk if self.completed == 1 else ((self.talktime << 2) - self.talktime + talk) >> 2


@dataclass(eq=False)
class Queue:
    """A queue as app_queue runs it."""

    config: QueueConfig
    members: list[QueueMember] = field(default_factory=list)
    entries: list[QueueEntry] = field(default_factory=list)
    stats: QueueStats = field(default_factory=QueueStats)
    rrpos: int = 0

    @property
    def name(self) -> str:
        return self.config.name

    def member(self, interface: str) -> QueueMember | None:
        return next((member for member in self.members if member.interface == interface), None)


@dataclass(eq=False)
class Attempt:
    """One member being rung for one waiting caller."""

    entry: QueueEntry
    member: QueueMember
    one: Channel
    two: Channel
    started: float
    ringing_shown: bool = False
    timers: list[TimerHandle] = field(default_factory=list)


@dataclass(eq=False)
class QueueEntry:
    """A caller inside Queue(): position, timers, and the call once a member answers."""

    queue: Queue
    chan: Channel
    phone: Channel | None
    joined: float
    opos: int
    talk: float
    max_wait: float
    caller_ends_call: bool | None = None
    on_unserved: Callable[[Channel], None] | None = None
    attempts: list[Attempt] = field(default_factory=list)
    retry_timer: TimerHandle | None = None
    phone_timer: TimerHandle | None = None
    timers: list[TimerHandle] = field(default_factory=list)
    linpos: int = 0
    ring_round: int = 0
    connected: Attempt | None = None
    connect_time: float = 0
    bridge: Bridge | None = None
    done: bool = False

    @property
    def ringing(self) -> bool:
        return bool(self.attempts)


@dataclass(eq=False)
class SpySession:
    """A ChanSpy started by an Originate to a supervisor's phone."""

    spyer: Channel
    other: Channel
    spyee: Channel | None
    mode: str


@dataclass(eq=False)
class LocalCall:
    """A pair of Local channels created by an Originate that is not a queue caller."""

    one: Channel
    two: Channel
    kind: str
    timers: list[TimerHandle] = field(default_factory=list)
    spy: SpySession | None = None
    finish: Callable[[], None] | None = None


@dataclass
class OriginateRequest:
    """What an Originate action asked for."""

    channel: str
    context: str = ""
    exten: str = ""
    priority: str = ""
    application: str = ""
    data: str = ""
    callerid: str = ""
    timeout_ms: int = 30000
    variables: list[tuple[str, str]] = field(default_factory=list)
    action_id: str = ""
    # Set by the workload for inbound callers: patience counts only while waiting; who ends the call.
    patience_waiting: float | None = None
    talk: float | None = None
    caller_ends_call: bool | None = None


OriginateCallback = Callable[[bool, int, Channel | None], None]


def parse_callerid(value: str) -> tuple[str, str]:
    """``"Customer One" <5550001>`` -> (number, name)."""
    value = value.strip()
    match = re.match(r'^\s*"?(?P<name>[^"<]*)"?\s*<(?P<num>[^>]*)>\s*$', value)
    if match:
        return match.group("num").strip() or UNKNOWN, match.group("name").strip() or UNKNOWN
    return (value or UNKNOWN), UNKNOWN


class Engine:
    """The simulated Asterisk: owns all state, emits events to sinks, writes queue_log."""

    def __init__(
        self,
        clock: Clock,
        queues: list[QueueConfig],
        *,
        queue_log: QueueLogWriter | None = None,
        seed: int = 0,
        varset: bool = False,
        outbound_rates: dict[str, float] | None = None,
    ) -> None:
        self.clock = clock
        self.rng = random.Random(seed)  # noqa: S311 - simulation draws, not security
        self.varset = varset
        self.queue_log = queue_log or QueueLogWriter(None)
        self.sinks: list[EventSink] = []
        self.queue_log_listeners: list[Callable[[str], None]] = []
        self.completion_listeners: list[Callable[[QueueEntry, QueueMember, str], None]] = []
        self.channels: dict[str, Channel] = {}
        self.queues: dict[str, Queue] = {}
        self.device_use: dict[str, int] = {}
        self.unavailable_devices: set[str] = set()
        self.local_calls: dict[str, LocalCall] = {}
        self.entries_by_channel: dict[str, QueueEntry] = {}
        self.attempts_by_channel: dict[str, Attempt] = {}
        self.spies: list[SpySession] = []
        self.started = clock.now()
        self.last_reload = self.started
        self.outbound_rates = outbound_rates or {
            "answer": 0.6,
            "busy": 0.1,
            "noanswer": 0.25,
            "congestion": 0.05,
        }
        # How long a rung member takes to answer (None: never). The recorded dialplan's agents answer at
        # once and its agents-noanswer context rings forever; the workload replaces this with its draws.
        self.answer_delay: Callable[[QueueMember], float | None] = lambda member: (
            None if "@agents-noanswer" in member.interface else 0.0
        )
        self._uid_seq = 0
        self._local_seq = 0
        self._kicking = False
        self._kick_again = False
        self._avail_published: dict[str, str] = {}
        self.device_states: dict[str, str] = {}
        self.ringing_devices: dict[str, int] = {}
        self.processed_calls = 0
        self.load_queues(queues, keep_members=False)

    # ------------------------------------------------------------------ plumbing
    def now(self) -> float:
        return self.clock.now()

    def emit(self, name: str, privilege: str, headers: Headers) -> None:
        for sink in self.sinks:
            sink(name, privilege, headers)

    def log(self, callid: str, queue: str, agent: str, verb: str, *data: object) -> str:
        line = self.queue_log.write(self.now(), callid, queue, agent, verb, *data)
        for listener in self.queue_log_listeners:
            listener(line)
        return line

    def _later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        return self.clock.call_later(delay, callback)

    def _uniqueid(self) -> str:
        uid = f"{int(self.now())}.{self._uid_seq}"
        self._uid_seq += 1
        return uid

    def _bridge_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def restart(self) -> None:
        """A PBX restart: every call is gone, Uniqueids start from a new epoch, members are reloaded."""
        for channel in list(self.channels.values()):
            channel.hung_up = True
        self.channels.clear()
        self.local_calls.clear()
        self.entries_by_channel.clear()
        self.attempts_by_channel.clear()
        self.spies.clear()
        self.device_use.clear()
        self.ringing_devices.clear()
        configs = [queue.config for queue in self.queues.values()]
        for queue in self.queues.values():
            for entry in queue.entries:
                entry.done = True
                self._cancel(entry.timers)
            queue.entries.clear()
        self.queues.clear()
        self.started = self.now()
        self.last_reload = self.started
        self._uid_seq = 0
        self._local_seq = 0
        self._avail_published.clear()
        self.load_queues(configs, keep_members=False)

    # ------------------------------------------------------------------ configuration
    def load_queues(self, configs: list[QueueConfig], *, keep_members: bool = True) -> None:
        """(Re)load queues.conf: static members follow the file; dynamic members survive a reload."""
        now = self.now()
        fresh: dict[str, Queue] = {}
        for config in configs:
            old = self.queues.get(config.name)
            queue = old or Queue(config=config)
            queue.config = config
            previous = {member.interface: member for member in (old.members if old else [])}
            members: list[QueueMember] = []
            for position, member_config in enumerate(config.members):
                member = previous.pop(member_config.interface, None) if keep_members else None
                if member is None:
                    member = QueueMember(
                        interface=member_config.interface,
                        name=member_config.name,
                        state_interface=member_config.state_interface,
                        penalty=member_config.penalty,
                        dynamic=False,
                        login_time=now,
                        position=position,
                    )
                member.name = member_config.name
                member.penalty = member_config.penalty
                member.position = position
                member.dynamic = False
                members.append(member)
            for member in previous.values():
                if member.dynamic:
                    member.position = len(members)
                    members.append(member)
            queue.members = members
            fresh[config.name] = queue
        self.queues = fresh
        self.last_reload = now

    # ------------------------------------------------------------------ channels
    def _new_channel(self, name: str, context: str, exten: str, *, state: int, linkedid: str = "") -> Channel:
        uid = self._uniqueid()
        channel = Channel(
            name=name,
            uniqueid=uid,
            linkedid=linkedid or uid,
            context=context,
            exten=exten,
            created=self.now(),
            state=state,
        )
        self.channels[name] = channel
        self.emit("Newchannel", "call,all", snapshot(channel))
        return channel

    def _new_local_pair(self, exten: str, context: str, linkedid: str = "") -> tuple[Channel, Channel]:
        tag = f"{self._local_seq:08x}"
        self._local_seq += 1
        base = f"Local/{exten}@{context}-{tag}"
        one = self._new_channel(f"{base};1", context, exten, state=STATE_DOWN, linkedid=linkedid)
        two = self._new_channel(
            f"{base};2", context, exten, state=STATE_RING, linkedid=linkedid or one.linkedid
        )
        return one, two

    def _newexten(
        self, channel: Channel, application: str, data: str, *, priority: int | None = None
    ) -> None:
        if priority is not None:
            channel.priority = priority
        channel.application = application
        channel.app_data = data
        self.emit(
            "Newexten",
            "dialplan,all",
            [
                *snapshot(channel),
                ("Extension", channel.exten),
                ("Application", application),
                ("AppData", data),
            ],
        )

    def _newstate(self, channel: Channel, state: int) -> None:
        channel.state = state
        self.emit("Newstate", "call,all", snapshot(channel))

    def _setvar(self, channel: Channel, name: str, value: str) -> None:
        channel.variables[name.lstrip("_")] = value
        if self.varset:
            self.emit("VarSet", "dialplan,all", [*snapshot(channel), ("Variable", name), ("Value", value)])

    def _new_callerid(self, channel: Channel) -> None:
        self.emit(
            "NewCallerid",
            "call,all",
            [*snapshot(channel), ("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")],
        )

    def _new_connected_line(self, channel: Channel) -> None:
        self.emit("NewConnectedLine", "call,all", snapshot(channel))

    def _device_state(self, device: str, state: str) -> None:
        self.device_states[device] = state
        self.emit("DeviceStateChange", "call,all", [("Device", device), ("State", state)])

    def _avail_state(self, queue: Queue) -> None:
        """Queue:<name>_avail is a cached device state: published only when its value changes."""
        state = (
            "NOT_INUSE" if any(self.member_available(member, queue) for member in queue.members) else "INUSE"
        )
        if self._avail_published.get(queue.name) != state:
            self._avail_published[queue.name] = state
            self._device_state(f"Queue:{queue.name}_avail", state)

    def _local_bridge(self, one: Channel, two: Channel, optimization: bool) -> None:
        self.emit(
            "LocalBridge",
            "call,all",
            [
                *snapshot(one, "LocalOne"),
                *snapshot(two, "LocalTwo"),
                ("Context", two.context),
                ("Exten", two.exten),
                ("LocalOptimization", "Yes" if optimization else "No"),
            ],
        )

    def _hangup_request(self, channel: Channel, cause: int, *, soft: bool = False) -> None:
        self.emit(
            "SoftHangupRequest" if soft else "HangupRequest",
            "call,all",
            [*snapshot(channel), ("Cause", str(cause))],
        )

    def _hangup(self, channel: Channel, cause: int) -> None:
        if channel.hung_up:
            return
        for spy in list(self.spies):
            if spy.spyer is channel:
                self._spy_stop(spy)
        channel.hung_up = True
        self.channels.pop(channel.name, None)
        self.emit(
            "Hangup",
            "call,all",
            [*snapshot(channel), ("Cause", str(cause)), ("Cause-txt", CAUSE_TEXT.get(cause, "Unknown"))],
        )
        for spy in self.spies:
            if spy.spyee is channel:
                self._spy_stop(spy)

    def _set_caller(self, channel: Channel, num: str, name: str, *, connected: bool) -> None:
        channel.cid_num, channel.cid_name = num, name
        if connected:
            channel.conn_num, channel.conn_name = num, name

    def _dial_begin(self, caller: Channel | None, dest: Channel, dial_string: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialBegin", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialString", dial_string)])

    def _dial_end(self, caller: Channel | None, dest: Channel, status: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialEnd", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialStatus", status)])

    def _dial_state(self, caller: Channel | None, dest: Channel, status: str) -> None:
        headers: Headers = [*snapshot(caller)] if caller else []
        self.emit("DialState", "call,all", [*headers, *snapshot(dest, "Dest"), ("DialStatus", status)])

    @staticmethod
    def _cancel(timers: list[TimerHandle]) -> None:
        for timer in timers:
            timer.cancel()
        timers.clear()

    # ------------------------------------------------------------------ Originate
    def originate(
        self, request: OriginateRequest, on_result: OriginateCallback | None = None, *, is_async: bool = True
    ) -> None:
        """Start an Originate; ``on_result(success, reason, channel)`` fires when it is answered or fails.

        An async Originate also broadcasts OriginateResponse at that moment (completion order, as in s07).
        """
        reported = False

        def finished(success: bool, reason: int, channel: Channel | None) -> None:
            nonlocal reported
            if reported:
                return
            reported = True
            if is_async:
                self._originate_response(request, success, reason, channel)
            if on_result is not None:
                on_result(success, reason, channel)

        self._originate(request, finished)

    def _originate(self, request: OriginateRequest, on_result: OriginateCallback) -> None:
        if not request.channel.startswith("Local/"):
            self._originate_external(request, on_result)
            return
        target, _, _ = request.channel[len("Local/") :].partition("/")
        exten, _, context = target.partition("@")
        kind = self._target_kind(context, exten, request)
        one, two = self._new_local_pair(exten, context)
        one.role = two.role = "originate"
        num, name = parse_callerid(request.callerid) if request.callerid else (UNKNOWN, UNKNOWN)
        self._newexten(one, "AppDial2", "(Outgoing Line)")
        if kind == "noexten":
            self._local_setup_vars(one, two, num, name, request.variables)
            self._hangup(two, 0)
            self._originate_failed(request, REASON_NO_SUCH_EXTEN, on_result)
            self._hangup(one, 0)
            self._device_state(one.device, "INVALID")
            self._device_state(one.device, "INVALID")
            return
        self._local_setup_vars(one, two, num, name, request.variables)
        self._local_bridge(one, two, optimization=True)
        self._dial_begin(None, one, f"{exten}@{context}")
        if kind == "queue":
            self._originate_queue_caller(one, two, request, on_result)
        elif kind == "phone":
            self._originate_phone(one, two, request, on_result)
        else:
            outcome = kind if kind in DIALER_OUTCOMES else self._draw_outcome()
            self._originate_dialer(one, two, request, outcome, on_result)

    def _target_kind(self, context: str, exten: str, request: OriginateRequest) -> str:
        if context == "queue-entry":
            return "queue" if exten in self.queues else "noexten"
        if request.application.lower() == "chanspy" or context in ("supervisor", "agents", "phones"):
            return "phone"
        if exten in DIALER_OUTCOMES:
            return exten
        if _PHONE_NUMBER.match(exten):
            return "drawn"
        return "noexten"

    def _draw_outcome(self) -> str:
        roll = self.rng.random() * sum(self.outbound_rates.values())
        for outcome in DIALER_OUTCOMES:
            roll -= self.outbound_rates.get(outcome, 0.0)
            if roll < 0:
                return outcome
        return "answer"

    def _local_setup_vars(
        self, one: Channel, two: Channel, num: str, name: str, variables: list[tuple[str, str]]
    ) -> None:
        for key, value in reversed(variables):
            self._setvar(one, key, value)
        self._set_caller(one, num, name, connected=False)
        self._new_callerid(one)
        one.conn_num, one.conn_name = num, name
        self._new_connected_line(one)
        for key, value in variables:
            self._setvar(two, key, value)
        self._set_caller(two, num, name, connected=True)
        self._new_callerid(two)
        self._new_connected_line(two)

    def _originate_response(
        self, request: OriginateRequest, success: bool, reason: int, channel: Channel | None
    ) -> None:
        headers: Headers = [("ActionID", request.action_id)] if request.action_id else []
        headers += [
            ("Response", "Success" if success else "Failure"),
            ("Channel", channel.name if (success and channel) else request.channel),
        ]
        if request.application:
            headers += [("Application", request.application), ("Data", request.data)]
        else:
            headers += [("Context", request.context), ("Exten", request.exten)]
        num, name = parse_callerid(request.callerid) if request.callerid else (UNKNOWN, UNKNOWN)
        headers += [
            ("Reason", str(reason)),
            ("Uniqueid", channel.uniqueid if (success and channel) else UNKNOWN),
            ("CallerIDNum", num),
            ("CallerIDName", name),
        ]
        self.emit("OriginateResponse", "call,all", headers)

    def _originate_failed(self, request: OriginateRequest, reason: int, on_result: OriginateCallback) -> None:
        on_result(False, reason, None)

    def _originate_queue_caller(
        self, one: Channel, two: Channel, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        queue = self.queues[two.exten]
        self._newexten(two, "NoOp", f'Inbound caller "{two.cid_name}" <{two.cid_num}> -> queue {queue.name}')
        self._newexten(two, "Answer", "", priority=2)
        self._newstate(two, STATE_UP)
        self._newstate(one, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._device_state(one.device, "INUSE")
        self._dial_end(None, one, "ANSWER")
        on_result(True, REASON_ANSWERED, one)
        one.application, one.app_data = request.application or "Wait", request.data
        patience = _float(request.data, 0.0) if (request.application or "").lower() == "wait" else 0.0
        max_wait = _float(two.variables.get("QTIMEOUT", ""), 120.0)
        talk = request.talk if request.talk is not None else _float(two.variables.get("AGENT_TALK", ""), 30.0)
        entry = self.enter_queue(
            queue, two, one, talk=talk, max_wait=max_wait, caller_ends_call=request.caller_ends_call
        )
        if entry is None:
            return
        if request.patience_waiting is not None:
            waiting_entry = entry

            def give_up() -> None:
                if waiting_entry.connected is None:
                    self.caller_hangup(waiting_entry)

            entry.timers.append(self._later(request.patience_waiting, give_up))
        elif patience > 0:
            # The phone leg runs Wait(patience) and hangs up whatever the queue is doing (s01).
            entry.phone_timer = self._later(patience, lambda: self.caller_hangup(entry))

    def _originate_phone(
        self, one: Channel, two: Channel, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        call = LocalCall(one=one, two=two, kind="phone")
        self.local_calls[one.name] = self.local_calls[two.name] = call
        self._newexten(
            two, "NoOp", "Supervisor phone" if two.context == "supervisor" else f"Phone {two.exten}"
        )
        self._newexten(two, "Answer", "", priority=2)
        self._newstate(two, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._newstate(one, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._dial_end(None, one, "ANSWER")
        one.application, one.app_data = request.application, request.data
        on_result(True, REASON_ANSWERED, one)
        hold = _float(two.variables.get("SUP_HOLD", ""), 6.0 if two.context == "supervisor" else 3600.0)
        if request.application.lower() == "chanspy":
            self._spy_start(call, request.data)
        self._newexten(two, "Wait", f"{hold:g}", priority=3)
        call.timers.append(self._later(hold, lambda: self._phone_hangup(call)))

    def _phone_hangup(self, call: LocalCall) -> None:
        one, two = call.one, call.two
        if one.hung_up:
            return
        self._cancel(call.timers)
        self._newexten(two, "Hangup", "", priority=4)
        self._hangup_request(two, 16, soft=True)
        self._hangup_request(one, 16)
        self._hangup(two, 16)
        self._device_state(one.device, "NOT_INUSE")
        if call.spy is not None:
            self._spy_stop(call.spy)
        self._hangup(one, 16)
        self._device_state(one.device, "NOT_INUSE")
        self.local_calls.pop(one.name, None)
        self.local_calls.pop(two.name, None)

    def _originate_dialer(
        self,
        one: Channel,
        two: Channel,
        request: OriginateRequest,
        outcome: str,
        on_result: OriginateCallback,
    ) -> None:
        call = LocalCall(one=one, two=two, kind=outcome)
        self.local_calls[one.name] = self.local_calls[two.name] = call
        self._newexten(two, "NoOp", f"Dialer target {outcome}")
        if outcome == "answer":
            self._newexten(two, "Answer", "", priority=2)
            self._newstate(two, STATE_UP)
            ring = 0.0 if two.exten == "answer" else self.rng.uniform(2.0, 12.0)
            call.timers.append(self._later(ring, lambda: self._dialer_answered(call, request, on_result)))
        elif outcome in ("busy", "congestion"):
            self._newexten(two, "Busy" if outcome == "busy" else "Congestion", "5", priority=2)
            self._newstate(two, STATE_BUSY)
            delay = 0.0 if two.exten == outcome else self.rng.uniform(1.0, 6.0)
            call.timers.append(
                self._later(delay, lambda: self._dialer_refused(call, request, outcome, on_result))
            )
        else:
            self._newexten(two, "Ringing", "", priority=2)
            self._newstate(one, STATE_RINGING)
            self._newexten(two, "Wait", "60", priority=3)
            self._dial_state(None, one, "RINGING")
            self._device_state(one.device, "INUSE")
            timeout = max(request.timeout_ms, 0) / 1000.0
            call.timers.append(self._later(timeout, lambda: self._dialer_no_answer(call, request, on_result)))

    def _dialer_answered(
        self, call: LocalCall, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        one, two = call.one, call.two
        self._newstate(one, STATE_UP)
        self._dial_end(None, one, "ANSWER")
        if request.application or not request.context:
            on_result(True, REASON_ANSWERED, one)
        self._device_state(one.device, "INUSE")
        self._device_state(one.device, "INUSE")
        self._newexten(two, "Wait", "4", priority=3)
        if not request.application and request.context:
            one.context, one.exten, one.priority = request.context, request.exten, 1
            if self._connect_answered(one, two, request, on_result):
                self.local_calls.pop(one.name, None)
                self.local_calls.pop(two.name, None)
                return
            self._newexten(one, "NoOp", f"Connected lead {one.variables.get('LEAD_ID', '')}")
            self._newexten(one, "Wait", "2", priority=2)
            on_result(True, REASON_ANSWERED, one)
            call.timers.append(self._later(2.0, lambda: self._dialer_lead_done(call)))
        else:
            one.application, one.app_data = request.application, request.data
            hold = _float(request.data, 2.0) if request.application.lower() == "wait" else 2.0
            call.timers.append(self._later(hold, lambda: self._dialer_lead_done(call, from_app=True)))

    def _connect_answered(
        self, lead: Channel, other: Channel | None, request: OriginateRequest, on_result: OriginateCallback
    ) -> bool:
        """Where an answered dialer call goes: Exten=<queue> joins that queue; Exten=agent with the
        AGENT_INTERFACE variable rings that agent directly (a preview call). False: neither applies."""
        variables = lead.variables
        queue = self.queues.get(request.exten) or self.queues.get(variables.get("CC_QUEUE", ""))
        if queue is not None:
            attempt_id = variables.get("ATTEMPT_ID", "")
            # The dialer's answered-call context (docs/dialer.md): Queue(<q>,,,,2), then
            # UserEvent(DialerAbandon,AttemptID: ...) when no agent took the call within 2 s.
            max_wait = 2.0 if attempt_id else 120.0
            self._newexten(lead, "Queue", f"{queue.name},,,,{max_wait:g}", priority=1)
            on_result(True, REASON_ANSWERED, lead)
            talk = _float(variables.get("AGENT_TALK", ""), self.rng.uniform(30.0, 180.0))

            def abandoned(channel: Channel) -> None:
                self._newexten(channel, "UserEvent", f"DialerAbandon,AttemptID: {attempt_id}", priority=2)
                self.emit(
                    "UserEvent",
                    "user,all",
                    [*snapshot(channel), ("UserEvent", "DialerAbandon"), ("AttemptID", attempt_id)],
                )

            self.enter_queue(
                queue,
                lead,
                other,
                talk=talk,
                max_wait=max_wait,
                caller_ends_call=False,
                on_unserved=abandoned if attempt_id else None,
            )
            return True
        interface = variables.get("AGENT_INTERFACE") or variables.get("CC_AGENT_IFACE", "")
        if interface and (request.exten == "agent" or "CC_AGENT_IFACE" in variables):
            self._newexten(lead, "Dial", f"{interface},30", priority=1)
            on_result(True, REASON_ANSWERED, lead)
            self._dial_agent_direct(lead, other, interface)
            return True
        return False

    def _dial_agent_direct(self, lead: Channel, other: Channel | None, interface: str) -> None:
        """A call bridged straight to one agent's phone, outside any queue."""
        device = interface[:-2] if interface.startswith("Local/") and interface.endswith("/n") else interface
        legs = [lead] + ([other] if other is not None and other is not lead else [])
        if device in self.unavailable_devices or self.device_use.get(device, 0) > 0:
            for leg in legs:
                self._hangup(leg, 17)
            return
        if interface.startswith("Local/"):
            target = device[len("Local/") :]
            exten, _, context = target.partition("@")
            agent_one, agent_two = self._new_local_pair(exten, context or "agents", linkedid=lead.linkedid)
            agent_legs = [agent_one, agent_two]
        else:
            tag = f"{self._local_seq:08x}"
            self._local_seq += 1
            agent_one = self._new_channel(
                f"{interface}-{tag}", DEVICE_CONTEXT, lead.exten, state=STATE_DOWN, linkedid=lead.linkedid
            )
            agent_legs = [agent_one]
        for leg in agent_legs:
            leg.role = "agent"
            self._set_caller(leg, lead.cid_num, lead.cid_name, connected=True)
        self.device_use[device] = self.device_use.get(device, 0) + 1
        self._dial_begin(lead, agent_one, interface)
        self._device_state(device, "INUSE")
        self._member_status_event(device)
        call = LocalCall(one=lead, two=agent_one, kind="direct")
        bridge = Bridge(uniqueid=self._bridge_id())
        everyone = legs + agent_legs
        for leg in everyone:
            self.local_calls[leg.name] = call

        def answer() -> None:
            for leg in agent_legs:
                self._newstate(leg, STATE_UP)
            self._dial_end(lead, agent_one, "ANSWER")
            self.emit("BridgeCreate", "call,all", bridge.headers())
            for party in (agent_one, lead):
                bridge.channels.append(party)
                party.bridge_id = bridge.uniqueid
                self.emit("BridgeEnter", "call,all", [*bridge.headers(), *snapshot(party)])
            talk = _float(lead.variables.get("AGENT_TALK", ""), self.rng.uniform(30.0, 180.0))
            call.timers.append(self._later(talk, finish))

        def finish() -> None:
            if agent_one.hung_up and lead.hung_up:
                return
            self._cancel(call.timers)
            if bridge.channels:
                for party in list(bridge.channels):
                    bridge.channels.remove(party)
                    party.bridge_id = ""
                    self.emit("BridgeLeave", "call,all", [*bridge.headers(), *snapshot(party)])
                self.emit("BridgeDestroy", "call,all", bridge.headers())
            else:
                self._dial_end(lead, agent_one, "CANCEL")
            for leg in everyone:
                self._hangup(leg, 16)
                self.local_calls.pop(leg.name, None)
            self._release_device_name(device)
            self._device_state(device, "NOT_INUSE")
            self._member_status_event(device, avail=True)
            self.kick()

        call.finish = finish
        call.timers.append(self._later(self.rng.uniform(1.0, 4.0), answer))

    def _dialer_lead_done(self, call: LocalCall, *, from_app: bool = False) -> None:
        one, two = call.one, call.two
        if one.hung_up:
            return
        self._cancel(call.timers)
        if from_app:
            self._hangup_request(two, 0)
            self._hangup(one, 0)
            self._hangup_request(two, 0, soft=True)
            self._hangup(two, 0)
        else:
            self._newexten(one, "Hangup", "", priority=3)
            self._hangup_request(one, 16, soft=True)
            self._hangup_request(two, 16)
            self._hangup(one, 16)
            self._hangup_request(two, 16, soft=True)
            self._hangup(two, 16)
        self._device_state(one.device, "NOT_INUSE")
        self._device_state(one.device, "NOT_INUSE")
        self.local_calls.pop(one.name, None)
        self.local_calls.pop(two.name, None)

    def _dialer_refused(
        self, call: LocalCall, request: OriginateRequest, outcome: str, on_result: OriginateCallback
    ) -> None:
        one, two = call.one, call.two
        if outcome == "busy":
            self._device_state(one.device, "INUSE")
            self._dial_end(None, one, "BUSY")
            on_result(False, REASON_BUSY, None)
            self._hangup_request(two, 0)
            self._hangup_request(two, 16, soft=True)
            self._hangup(two, 17)
            self._device_state(one.device, "NOT_INUSE")
            self._hangup(one, 0)
            self._device_state(one.device, "NOT_INUSE")
        else:
            self._dial_end(None, one, "CONGESTION")
            self._hangup_request(two, 0)
            on_result(False, REASON_CONGESTION, None)
            self._hangup(one, 0)
            self._hangup_request(two, 16, soft=True)
            self._hangup(two, 34)
            for _ in range(3):
                self._device_state(one.device, "NOT_INUSE")
        self.local_calls.pop(one.name, None)
        self.local_calls.pop(two.name, None)

    def _dialer_no_answer(
        self, call: LocalCall, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        one, two = call.one, call.two
        self._hangup_request(two, 0)
        on_result(False, REASON_NO_ANSWER, None)
        self._hangup(one, 19)
        self._hangup_request(two, 16, soft=True)
        self._hangup(two, 19)
        self._device_state(one.device, "NOT_INUSE")
        self._device_state(one.device, "NOT_INUSE")
        self.local_calls.pop(one.name, None)
        self.local_calls.pop(two.name, None)

    def _originate_external(self, request: OriginateRequest, on_result: OriginateCallback) -> None:
        """A PJSIP/SIP/IAX2 channel: one channel, outcome drawn from the outbound rates."""
        tag = f"{self._local_seq:08x}"
        self._local_seq += 1
        base = request.channel.split("@", 1)[0]
        channel = self._new_channel(
            f"{base}-{tag}", request.context or "default", request.exten or "s", state=STATE_DOWN
        )
        num, name = parse_callerid(request.callerid) if request.callerid else (UNKNOWN, UNKNOWN)
        self._set_caller(channel, num, name, connected=False)
        for key, value in request.variables:
            self._setvar(channel, key, value)
        outcome = "answer" if request.application.lower() == "chanspy" else self._draw_outcome()
        self._newstate(channel, STATE_RINGING)
        call = LocalCall(one=channel, two=channel, kind=outcome)
        self.local_calls[channel.name] = call

        def finish() -> None:
            if outcome == "answer":
                self._newstate(channel, STATE_UP)
                if not request.application and request.context:
                    channel.context, channel.exten = request.context, request.exten
                    if self._connect_answered(channel, None, request, on_result):
                        self.local_calls.pop(channel.name, None)
                        return
                on_result(True, REASON_ANSWERED, channel)
                if request.application.lower() == "chanspy":
                    self._spy_start(call, request.data)
                    # A supervisor does not listen forever: the phone hangs up after an hour at most.
                    call.timers.append(self._later(3600.0, lambda: self._end_external(call)))
                    return
                hold = self.rng.uniform(20.0, 120.0)
                call.timers.append(self._later(hold, lambda: self._end_external(call)))
                return
            cause = {"busy": 17, "congestion": 34, "noanswer": 19}[outcome]
            reason = {"busy": REASON_BUSY, "congestion": REASON_CONGESTION, "noanswer": REASON_NO_ANSWER}[
                outcome
            ]
            on_result(False, reason, None)
            self._hangup(channel, cause)
            self.local_calls.pop(channel.name, None)

        delay = request.timeout_ms / 1000.0 if outcome == "noanswer" else self.rng.uniform(1.0, 8.0)
        call.timers.append(self._later(delay, finish))

    # ------------------------------------------------------------------ ChanSpy
    def _spy_start(self, call: LocalCall, data: str) -> None:
        spec, _, options = data.partition(",")
        spyee = self._find_spyee(spec.strip())
        mode = "barge" if "B" in options else "whisper" if "w" in options else "listen"
        spy = SpySession(spyer=call.one, other=call.two, spyee=spyee, mode=mode)
        call.spy = spy
        if spyee is None:
            return
        self.spies.append(spy)
        self.emit("ChanSpyStart", "call,all", [*snapshot(call.one, "Spyer"), *snapshot(spyee, "Spyee")])

    def _find_spyee(self, spec: str) -> Channel | None:
        if not spec:
            return None
        matches = [
            channel
            for channel in self.channels.values()
            # As ChanSpy: the spec is a prefix of the channel name, compared without regard to case.
            if channel.name.lower().startswith(spec.lower())
            and channel.state == STATE_UP
            and channel.role != "originate"
        ]
        matches.sort(key=lambda channel: (not channel.name.endswith(";2"), channel.created))
        return matches[0] if matches else None

    def _spy_stop(self, spy: SpySession) -> None:
        if spy not in self.spies or spy.spyee is None:
            return
        self.spies.remove(spy)
        self.emit("ChanSpyStop", "call,all", [*snapshot(spy.spyer, "Spyer"), *snapshot(spy.spyee, "Spyee")])

    # ------------------------------------------------------------------ queue entry
    def enter_queue(
        self,
        queue: Queue,
        chan: Channel,
        phone: Channel | None,
        *,
        talk: float,
        max_wait: float,
        caller_ends_call: bool | None = None,
        on_unserved: Callable[[Channel], None] | None = None,
    ) -> QueueEntry | None:
        """Queue() on ``chan``: JOINEMPTY / FULL refuse it; otherwise QueueCallerJoin and ringing starts.

        ``on_unserved`` runs the dialplan line after Queue() when no agent took the call (refused, timed out
        or left empty), before the caller's legs hang up.
        """
        config = queue.config
        chan.priority = 4 if chan.context == "queue-entry" else chan.priority
        if chan.context == "queue-entry":
            self._newexten(chan, "Set", f"CDR(userfield)=queue={queue.name}", priority=3)
            self._newexten(chan, "Queue", f"{queue.name},,,,{max_wait:g}", priority=4)
        for name in (
            "ANSWEREDTIME",
            "ANSWEREDTIME_MS",
            "DIALEDTIME",
            "DIALEDTIME_MS",
            "QUEUEWAIT",
            "QUEUEWAIT_MS",
        ):
            self._setvar(chan, name, "")
        status = ""
        if config.joinempty and self._is_empty(queue, config.joinempty):
            status = "JOINEMPTY"
        elif config.maxlen and len(queue.entries) >= config.maxlen:
            status = "FULL"
        if status:
            self._setvar(chan, "QUEUESTATUS", status)
            if on_unserved is not None:
                on_unserved(chan)
            self._after_queue(chan, phone, status)
            return None
        entry = QueueEntry(
            queue=queue,
            chan=chan,
            phone=phone,
            joined=self.now(),
            opos=len(queue.entries) + 1,
            talk=talk,
            max_wait=max_wait,
            caller_ends_call=caller_ends_call,
            on_unserved=on_unserved,
        )
        queue.entries.append(entry)
        self.entries_by_channel[chan.name] = entry
        if phone is not None:
            self.entries_by_channel[phone.name] = entry
        if len(queue.entries) == 1:
            self._device_state(f"Queue:{queue.name}", "RINGING")
        self.emit(
            "QueueCallerJoin",
            "agent,all",
            [
                *snapshot(chan),
                ("Queue", queue.name),
                ("Position", str(entry.opos)),
                ("Count", str(len(queue.entries))),
            ],
        )
        self.log(
            chan.uniqueid,
            queue.name,
            "NONE",
            "ENTERQUEUE",
            "",
            chan.cid_num if chan.cid_num != UNKNOWN else "",
            entry.opos,
        )
        self.emit("MusicOnHoldStart", "call,all", [*snapshot(chan), ("Class", config.musicclass)])
        if max_wait > 0:
            entry.timers.append(self._later(max_wait, lambda: self._exit_entry(entry, "TIMEOUT")))
        if config.leavewhenempty:
            self._schedule_empty_check(entry)
        self.kick()
        return entry

    def _schedule_empty_check(self, entry: QueueEntry) -> None:
        def check() -> None:
            if entry.done or entry.connected is not None:
                return
            if self._is_empty(entry.queue, entry.queue.config.leavewhenempty):
                self._exit_entry(entry, "LEAVEEMPTY")
            else:
                self._schedule_empty_check(entry)

        entry.timers.append(self._later(1.0, check))

    def _is_empty(self, queue: Queue, conditions: frozenset[str]) -> bool:
        """app_queue's get_member_status: is no member left once the listed conditions rule members out?"""
        now = self.now()
        for member in queue.members:
            if "paused" in conditions and member.paused:
                continue
            if "unavailable" in conditions and member.device in self.unavailable_devices:
                continue
            if "inuse" in conditions and self.device_use.get(member.device, 0) > 0:
                continue
            if "wrapup" in conditions and member.wrapup_until > now:
                continue
            return False
        return True

    def _position(self, entry: QueueEntry) -> int:
        return entry.queue.entries.index(entry) + 1

    def _leave_queue(self, entry: QueueEntry) -> int:
        queue = entry.queue
        position = self._position(entry)
        queue.entries.remove(entry)
        if not queue.entries:
            self._device_state(f"Queue:{queue.name}", "NOT_INUSE")
        self.emit(
            "QueueCallerLeave",
            "agent,all",
            [
                *snapshot(entry.chan),
                ("Queue", queue.name),
                ("Position", str(position)),
                ("Count", str(len(queue.entries))),
            ],
        )
        self._setvar(entry.chan, "QUEUEPOSITION", str(position))
        return position

    def _queue_vars(self, channel: Channel, queue: Queue) -> None:
        if not (self.varset and queue.config.setqueuevar):
            return
        stats = queue.stats
        perf = 100.0 * stats.completed_in_sl / stats.completed if stats.completed else 0.0
        for name, value in (
            ("QUEUENAME", queue.name),
            ("QUEUEMAX", str(queue.config.maxlen)),
            ("QUEUESTRATEGY", queue.config.strategy),
            ("QUEUECALLS", str(len(queue.entries))),
            ("QUEUEHOLDTIME", str(stats.holdtime)),
            ("QUEUETALKTIME", str(stats.talktime)),
            ("QUEUECOMPLETED", str(stats.completed)),
            ("QUEUEABANDONED", str(stats.abandoned)),
            ("QUEUESRVLEVEL", str(queue.config.servicelevel)),
            ("QUEUESRVLEVELPERF", f"{perf:.1f}"),
        ):
            self._setvar(channel, name, value)

    def _dial_time_vars(self, entry: QueueEntry, *, answered: bool) -> None:
        """QUEUEWAIT / DIALEDTIME / ANSWEREDTIME as app_queue sets them when Queue() ends."""
        now = self.now()
        dialed = now - entry.chan.created
        answered_for = now - entry.connect_time if answered else 0.0
        pairs = [
            ("ANSWEREDTIME", str(int(answered_for))),
            ("ANSWEREDTIME_MS", str(int(answered_for * 1000))),
            ("DIALEDTIME", str(int(dialed))),
            ("DIALEDTIME_MS", str(int(dialed * 1000))),
        ]
        if not answered:
            wait = now - entry.joined
            pairs = [
                ("QUEUEWAIT", str(int(wait))),
                ("QUEUEWAIT_MS", str(int(wait * 1000))),
                *pairs[2:],
                *pairs[:2],
            ]
        for name, value in pairs:
            self._setvar(entry.chan, name, value)

    def _stop_ringing(self, entry: QueueEntry, *, cancelled: bool) -> None:
        for attempt in list(entry.attempts):
            self._end_attempt(attempt, "CANCEL", log_cancel=cancelled)
        entry.attempts.clear()

    def caller_hangup(self, entry: QueueEntry) -> None:
        """The caller's phone hangs up: abandon while waiting, COMPLETECALLER once connected."""
        if entry.done:
            return
        if entry.connected is not None:
            self._complete(entry, by_caller=True)
            return
        entry.done = True
        self._cancel(entry.timers)
        for timer in (entry.retry_timer, entry.phone_timer):
            if timer is not None:
                timer.cancel()
        chan, phone, queue = entry.chan, entry.phone, entry.queue
        self._hangup_request(chan, 0)
        if phone is not None:
            self._hangup(phone, 0)
            self._device_state(chan.device, "NOT_INUSE")
        self._stop_ringing(entry, cancelled=True)
        self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
        wait = seconds_between(entry.joined, self.now())
        position = self._position(entry)
        self._dial_time_vars(entry, answered=False)
        self._record_abandoned(entry, wait)
        self.log(chan.uniqueid, queue.name, "NONE", "ABANDON", position, entry.opos, wait)
        self._queue_vars(chan, queue)
        self._leave_queue(entry)
        self._hangup_request(chan, 16, soft=True)
        self._hangup(chan, 0)
        self._device_state(chan.device, "NOT_INUSE")
        self._forget_entry(entry)
        self.kick()

    def _record_abandoned(self, entry: QueueEntry, wait: int) -> None:
        """app_queue's record_abandoned: ABANDONED, the queue's counters and QueueCallerAbandon."""
        chan, queue = entry.chan, entry.queue
        self._setvar(chan, "ABANDONED", "TRUE")
        self._queue_vars(chan, queue)
        queue.stats.abandoned += 1
        if wait <= queue.config.servicelevel:
            queue.stats.abandoned_in_sl += 1
        self.emit(
            "QueueCallerAbandon",
            "agent,all",
            [
                *snapshot(chan),
                ("Queue", queue.name),
                ("Position", str(self._position(entry))),
                ("OriginalPosition", str(entry.opos)),
                ("HoldTime", str(wait)),
            ],
        )

    def _forget_entry(self, entry: QueueEntry) -> None:
        self.entries_by_channel.pop(entry.chan.name, None)
        if entry.phone is not None:
            self.entries_by_channel.pop(entry.phone.name, None)

    def press_key(self, entry: QueueEntry, digit: str) -> bool:
        """A DTMF digit from a waiting caller: EXITWITHKEY when the queue has a context with that extension."""
        if entry.done or entry.connected is not None or not entry.queue.config.context:
            return False
        self._exit_entry(entry, "EXITWITHKEY", key=digit)
        return True

    def _exit_entry(self, entry: QueueEntry, reason: str, *, key: str = "") -> None:
        """Leave the queue without an agent: TIMEOUT, LEAVEEMPTY or a key press."""
        if entry.done or entry.connected is not None:
            return
        entry.done = True
        self._cancel(entry.timers)
        if entry.phone_timer is not None:
            entry.phone_timer.cancel()
        if entry.retry_timer:
            entry.retry_timer.cancel()
        self._stop_ringing(entry, cancelled=False)
        chan, queue = entry.chan, entry.queue
        self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
        wait = seconds_between(entry.joined, self.now())
        if reason in ("TIMEOUT", "LEAVEEMPTY"):
            # app_queue's record_abandoned: a caller the queue gave up on counts as abandoned too.
            self._record_abandoned(entry, wait)
        position = self._leave_queue(entry)
        if reason == "TIMEOUT":
            self.log(chan.uniqueid, queue.name, "NONE", "EXITWITHTIMEOUT", position, entry.opos, wait)
        elif reason == "LEAVEEMPTY":
            self.log(chan.uniqueid, queue.name, "NONE", "EXITEMPTY", position, entry.opos, wait)
        else:
            self.log(chan.uniqueid, queue.name, "NONE", "EXITWITHKEY", key, position, entry.opos, wait)
        self._forget_entry(entry)
        self._setvar(chan, "QUEUESTATUS", reason if reason != "EXITWITHKEY" else "")
        if reason == "EXITWITHKEY":
            chan.context, chan.exten = queue.config.context, key
            self._newexten(chan, "NoOp", f"Caller pressed {key} in queue {queue.name}", priority=1)
            self._newexten(chan, "Hangup", "", priority=2)
            self._end_caller_legs(chan, entry.phone)
        else:
            if entry.on_unserved is not None:
                entry.on_unserved(chan)
            self._after_queue(chan, entry.phone, reason)
        self.kick()

    def _after_queue(self, chan: Channel, phone: Channel | None, status: str) -> None:
        """The dialplan after Queue() returns (queue-entry: NoOp(QUEUESTATUS=...), Hangup)."""
        self.entries_by_channel.pop(chan.name, None)
        if phone is not None:
            self.entries_by_channel.pop(phone.name, None)
        if chan.context == "queue-entry":
            self._newexten(chan, "NoOp", f"QUEUESTATUS={status}", priority=5)
            self._newexten(chan, "Hangup", "", priority=6)
        self._end_caller_legs(chan, phone)

    def _end_caller_legs(self, chan: Channel, phone: Channel | None) -> None:
        self._hangup_request(chan, 16, soft=True)
        if phone is not None:
            self._hangup_request(phone, 16)
        self._hangup(chan, 16)
        if phone is not None:
            self._hangup(phone, 16)
        self._device_state(chan.device, "NOT_INUSE")
        if phone is not None:
            self._device_state(chan.device, "NOT_INUSE")
        self.local_calls.pop(chan.name, None)
        if phone is not None:
            self.local_calls.pop(phone.name, None)

    # ------------------------------------------------------------------ ringing members
    def member_available(self, member: QueueMember, queue: Queue) -> bool:
        if member.paused or member.device in self.unavailable_devices:
            return False
        if member.wrapup_until > self.now():
            return False
        in_use = self.device_use.get(member.device, 0) > 0
        return not (in_use and not queue.config.ringinuse)

    def kick(self) -> None:
        """Offer waiting callers to available members (autofill: every caller that can ring, rings)."""
        if self._kicking:
            self._kick_again = True
            return
        self._kicking = True
        try:
            self._kick_again = True
            while self._kick_again:
                self._kick_again = False
                for queue in list(self.queues.values()):
                    for entry in list(queue.entries):
                        if entry.done or entry.ringing or entry.connected or entry.retry_timer is not None:
                            continue
                        self._try_ring(entry)
        finally:
            self._kicking = False

    def _try_ring(self, entry: QueueEntry) -> None:
        queue = entry.queue
        strategy = queue.config.strategy
        available = [member for member in queue.members if self.member_available(member, queue)]
        if not available:
            return
        order = attempt_order(strategy, [member.interface for member in queue.members])
        everyone = [
            Candidate(
                key=member.interface,
                position=member.position,
                penalty=member.penalty,
                calls=member.calls,
                last_call=member.last_call,
                order=order[member.interface],
            )
            for member in queue.members
        ]
        free = {member.interface for member in available}
        chosen = choose(
            strategy,
            [candidate for candidate in everyone if candidate.key in free],
            now=self.now(),
            rng=self.rng,
            rrpos=queue.rrpos,
            linpos=entry.linpos,
        )
        if chosen and strategy in ("rrmemory", "rrordered"):
            queue.rrpos = next_cursor(
                strategy, everyone, chosen[0], now=self.now(), rng=self.rng, cursor=queue.rrpos
            )
        elif chosen and strategy == "linear":
            entry.linpos = next_cursor(
                strategy, everyone, chosen[0], now=self.now(), rng=self.rng, cursor=entry.linpos
            )
        immediate: list[Attempt] = []
        for interface in chosen:
            member = queue.member(interface)
            if member is not None:
                attempt = self._ring(entry, member)
                if attempt is not None:
                    immediate.append(attempt)
        if immediate:
            # Everyone is rung first; then the member that picks up at once wins (ringall cancels the rest).
            self._answer(immediate[0])
            return
        if entry.attempts:
            entry.ring_round += 1
            timeout, ring_round = queue.config.timeout, entry.ring_round
            if timeout > 0:
                entry.timers.append(self._later(timeout, lambda: self._ring_timeout(entry, ring_round)))

    def _ring(self, entry: QueueEntry, member: QueueMember) -> Attempt | None:
        """Start ringing ``member``; returns the attempt when the member answers at once."""
        chan, queue = entry.chan, entry.queue
        interface = member.interface
        if not interface.startswith("Local/"):
            return self._ring_device(entry, member)
        target = interface[len("Local/") :]
        target = target[:-2] if target.endswith("/n") else target
        exten, _, context = target.partition("@")
        one, two = self._new_local_pair(exten, context or "agents", linkedid=chan.linkedid)
        one.role = two.role = "agent"
        attempt = Attempt(entry=entry, member=member, one=one, two=two, started=self.now())
        entry.attempts.append(attempt)
        self.attempts_by_channel[one.name] = self.attempts_by_channel[two.name] = attempt
        self.device_use[member.device] = self.device_use.get(member.device, 0) + 1
        one.cid_num, one.cid_name = chan.cid_num, chan.cid_name
        self._newexten(one, "AppQueue", "(Outgoing Line)")
        self._new_callerid(one)
        inherited = [(key, value) for key, value in chan.variables.items() if key in ("AGENT_TALK",)]
        for key, value in inherited:
            self._setvar(one, f"__{key}", value)
        dialed = f"{exten}@{context}/n" if interface.endswith("/n") else target
        self._setvar(one, "DIALEDPEERNUMBER", dialed)
        self._setvar(two, "DIALEDPEERNUMBER", dialed)
        for key, value in inherited:
            self._setvar(two, f"__{key}", value)
        self._set_caller(two, chan.cid_num, chan.cid_name, connected=True)
        self._new_callerid(two)
        self._new_connected_line(two)
        self._local_bridge(one, two, optimization=False)
        # AgentCalled shows the member leg as app_queue's snapshot has it: the queue as exten, the caller connected.
        called = dataclasses.replace(one, exten=queue.name, conn_num=chan.cid_num, conn_name=chan.cid_name)
        self.emit(
            "AgentCalled",
            "agent,all",
            [
                *snapshot(chan),
                *snapshot(called, "Dest"),
                ("Queue", queue.name),
                ("Interface", member.interface),
                ("MemberName", member.name),
            ],
        )
        self._dial_begin(chan, one, member.interface)
        delay = self._ring_time(entry, member)
        if delay is not None and delay <= 0:
            return attempt
        self._show_ringing(attempt)
        if delay is not None:
            attempt.timers.append(self._later(delay, lambda: self._answer(attempt)))
        return None

    def _ring_time(self, entry: QueueEntry, member: QueueMember) -> float | None:
        """How long the member's phone rings before it answers (None: never). Agents' phones auto-answer
        dialer calls (docs/pbx-config.md), since the answered contact has only 2 s to reach an agent."""
        delay = self.answer_delay(member)
        if delay is not None and entry.chan.variables.get("ATTEMPT_ID"):
            return min(delay, DIALER_AUTO_ANSWER_S)
        return delay

    def _ring_device(self, entry: QueueEntry, member: QueueMember) -> Attempt | None:
        """Ring a member that is a phone (PJSIP/1001): one outgoing channel, no Local pair."""
        chan, queue = entry.chan, entry.queue
        tag = f"{self._local_seq:08x}"
        self._local_seq += 1
        one = self._new_channel(
            f"{member.interface}-{tag}", DEVICE_CONTEXT, chan.exten, state=STATE_DOWN, linkedid=chan.linkedid
        )
        one.role = "agent"
        attempt = Attempt(entry=entry, member=member, one=one, two=one, started=self.now())
        entry.attempts.append(attempt)
        self.attempts_by_channel[one.name] = attempt
        self.device_use[member.device] = self.device_use.get(member.device, 0) + 1
        self._set_caller(one, chan.cid_num, chan.cid_name, connected=False)
        self._new_callerid(one)
        self._setvar(one, "DIALEDPEERNUMBER", member.interface.split("/", 1)[-1])
        called = dataclasses.replace(one, exten=queue.name, conn_num=chan.cid_num, conn_name=chan.cid_name)
        self.emit(
            "AgentCalled",
            "agent,all",
            [
                *snapshot(chan),
                *snapshot(called, "Dest"),
                ("Queue", queue.name),
                ("Interface", member.interface),
                ("MemberName", member.name),
            ],
        )
        self._dial_begin(chan, one, member.interface)
        delay = self._ring_time(entry, member)
        if delay is not None and delay <= 0:
            return attempt
        self._show_ringing(attempt)
        if delay is not None:
            attempt.timers.append(self._later(delay, lambda: self._answer(attempt)))
        return None

    def _member_status(self, member: QueueMember, queue_name: str) -> Headers:
        return [
            *self._member_identity(member, queue_name),
            ("Status", str(self.device_status(member))),
            ("Paused", "1" if member.paused else "0"),
            ("PausedReason", member.paused_reason),
            ("Ringinuse", "1" if self._queue_of(member).config.ringinuse else "0"),
            ("Wrapuptime", str(self._queue_of(member).config.wrapuptime)),
        ]

    def device_status(self, member: QueueMember) -> int:
        """The member's device state as QueueMember/QueueMemberStatus report it (a ringing Local is INUSE)."""
        if member.device in self.unavailable_devices:
            return DEVICE_UNAVAILABLE
        if self.ringing_devices.get(member.device, 0) > 0 and self.device_use.get(member.device, 0) <= 1:
            return DEVICE_RINGING
        if self.device_use.get(member.device, 0) > 0:
            return DEVICE_INUSE
        return DEVICE_NOT_INUSE

    def _member_identity(self, member: QueueMember, queue_name: str) -> Headers:
        return [
            ("Queue", queue_name),
            ("MemberName", member.name),
            ("Interface", member.interface),
            ("StateInterface", member.state_interface),
            ("Membership", "dynamic" if member.dynamic else "static"),
            ("Penalty", str(member.penalty)),
            ("CallsTaken", str(member.calls)),
            ("LastCall", str(int(member.last_call))),
            ("LastPause", str(int(member.last_pause))),
            ("LoginTime", str(int(member.login_time))),
            ("InCall", "1" if member.in_call else "0"),
        ]

    def _queue_of(self, member: QueueMember) -> Queue:
        for queue in self.queues.values():
            if member in queue.members:
                return queue
        raise EngineError("Interface not found")

    def _members_on_interface(self, interface: str) -> list[tuple[Queue, QueueMember]]:
        return [
            (queue, member)
            for queue in self.queues.values()
            for member in queue.members
            if member.interface == interface
        ]

    def _members_on_device(self, device: str) -> list[tuple[Queue, QueueMember]]:
        return [
            (queue, member)
            for queue in self.queues.values()
            for member in queue.members
            if member.device == device
        ]

    def _member_status_event(self, device: str, *, avail: bool = False) -> None:
        for queue, member in self._members_on_device(device):
            self.emit("QueueMemberStatus", "agent,all", self._member_status(member, queue.name))
            if avail:
                self._avail_state(queue)

    def _show_ringing(self, attempt: Attempt) -> None:
        if attempt.ringing_shown:
            return
        attempt.ringing_shown = True
        one, two, entry = attempt.one, attempt.two, attempt.entry
        if one is two:
            device = attempt.member.device
            self.ringing_devices[device] = self.ringing_devices.get(device, 0) + 1
            self._newstate(one, STATE_RINGING)
            self._dial_state(entry.chan, one, "RINGING")
            self._device_state(device, "RINGING")
            self._member_status_event(device)
            self._avail_state(entry.queue)
            return
        self._newexten(two, "NoOp", f"Agent {two.exten} rings")
        self._newexten(two, "Ringing", "", priority=2)
        one.exten = entry.queue.name
        self._newstate(one, STATE_RINGING)
        self._newexten(one, "AppQueue", "(Outgoing Line)")
        one.conn_num, one.conn_name = entry.chan.cid_num, entry.chan.cid_name
        self._new_connected_line(one)
        self._newexten(two, "Wait", "60", priority=3)
        self._dial_state(entry.chan, one, "RINGING")
        self._member_status_event(attempt.member.device)
        self._avail_state(entry.queue)
        self._device_state(attempt.member.device, "INUSE")

    def _ring_timeout(self, entry: QueueEntry, ring_round: int) -> None:
        # A timer left from an earlier round (its members already gave up) must not cut the current one short.
        if entry.done or entry.connected is not None or not entry.attempts or ring_round != entry.ring_round:
            return
        queue = entry.queue
        for attempt in list(entry.attempts):
            ring_ms = int((self.now() - attempt.started) * 1000)
            self.emit(
                "AgentRingNoAnswer",
                "agent,all",
                [
                    *snapshot(entry.chan),
                    *snapshot(attempt.one, "Dest"),
                    ("Queue", queue.name),
                    ("Interface", attempt.member.interface),
                    ("MemberName", attempt.member.name),
                    ("RingTime", str(ring_ms)),
                ],
            )
            self.log(
                entry.chan.uniqueid, queue.name, self.agent_field(attempt.member), "RINGNOANSWER", ring_ms
            )
            self._dial_end(entry.chan, attempt.one, "NOANSWER")
            self._end_attempt(attempt, "CANCEL", log_cancel=False)
        entry.attempts.clear()
        retry = max(queue.config.retry, 0)

        def retry_now() -> None:
            entry.retry_timer = None
            if not entry.done:
                self.kick()

        entry.retry_timer = self._later(retry, retry_now)
        self.kick()

    def _end_attempt(self, attempt: Attempt, dial_status: str, *, log_cancel: bool) -> None:
        entry, member = attempt.entry, attempt.member
        self._cancel(attempt.timers)
        if attempt in entry.attempts:
            entry.attempts.remove(attempt)
        if log_cancel:
            ring_ms = int((self.now() - attempt.started) * 1000)
            self.log(entry.chan.uniqueid, entry.queue.name, self.agent_field(member), "RINGCANCELED", ring_ms)
        self._dial_end(entry.chan, attempt.one, dial_status)
        self._stop_device_ringing(attempt)
        if attempt.two is not attempt.one:
            self._hangup_request(attempt.two, 0)
            self._hangup_request(attempt.two, 16, soft=True)
            self._hangup(attempt.two, 0)
        self._hangup(attempt.one, 0)
        self._release_device(member)
        self._device_state(member.device, "NOT_INUSE")
        if attempt.two is not attempt.one:
            self._device_state(member.device, "NOT_INUSE")
        self._member_status_event(member.device, avail=True)
        self.attempts_by_channel.pop(attempt.one.name, None)
        self.attempts_by_channel.pop(attempt.two.name, None)

    def _stop_device_ringing(self, attempt: Attempt) -> None:
        if attempt.one is attempt.two and attempt.ringing_shown:
            device = attempt.member.device
            count = self.ringing_devices.get(device, 0) - 1
            if count > 0:
                self.ringing_devices[device] = count
            else:
                self.ringing_devices.pop(device, None)

    def _release_device(self, member: QueueMember) -> None:
        self._release_device_name(member.device)

    def _release_device_name(self, device: str) -> None:
        count = self.device_use.get(device, 0) - 1
        if count > 0:
            self.device_use[device] = count
        else:
            self.device_use.pop(device, None)

    @staticmethod
    def agent_field(member: QueueMember) -> str:
        """queue_log's agent column for calls and pauses: the member's MemberName (its interface when it has none).

        app_queue writes ``member->membername`` for CONNECT, RINGNOANSWER, PAUSE and the rest, whether the
        member is static or dynamic (apps/app_queue.c); only ADDMEMBER and REMOVEMEMBER name a dynamic member
        by its interface while ``log_membername_as_agent = no`` (see add_member and remove_member).
        """
        return member.name

    def _answer(self, attempt: Attempt) -> None:
        entry, member = attempt.entry, attempt.member
        if entry.done or entry.connected is not None or attempt not in entry.attempts:
            return
        queue, chan, one, two = entry.queue, entry.chan, attempt.one, attempt.two
        self._cancel(attempt.timers)
        if one is two:
            # A phone answers: its one channel goes up (no Local ;2 leg running a dialplan).
            self._stop_device_ringing(attempt)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            one.conn_num, one.conn_name = chan.cid_num, chan.cid_name
            self._new_connected_line(one)
            self._device_state(member.device, "INUSE")
            self._member_status_event(member.device)
            self._avail_state(queue)
        elif attempt.ringing_shown:
            # s03's second half: the ringing Local member answers.
            self._newexten(two, "Answer", "", priority=2)
            self._newstate(two, STATE_UP)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            self._device_state(member.device, "INUSE")
        else:
            # s01: the Local member answers at once.
            self._newexten(
                two, "NoOp", f'Agent {two.exten} offered call from "{chan.cid_name}" <{chan.cid_num}>'
            )
            self._newexten(two, "Answer", "", priority=2)
            self._newstate(two, STATE_UP)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            self._newexten(one, "AppQueue", "(Outgoing Line)")
            one.conn_num, one.conn_name = chan.cid_num, chan.cid_name
            self._new_connected_line(one)
            self._device_state(member.device, "INUSE")
            self._member_status_event(member.device)
            self._avail_state(queue)
        self._cancel(entry.timers)
        if entry.retry_timer:
            entry.retry_timer.cancel()
            entry.retry_timer = None
        self._dial_end(chan, one, "ANSWER")
        # The other members rung with it (ringall) stop ringing.
        for other in list(entry.attempts):
            if other is not attempt:
                self._end_attempt(other, "CANCEL", log_cancel=False)
        entry.attempts = []
        self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
        now = self.now()
        hold = seconds_between(entry.joined, now)
        ring = seconds_between(attempt.started, now)
        if self.varset:
            if queue.config.setinterfacevar:
                for target in (chan, one):
                    for name, value in (
                        ("MEMBERINTERFACE", member.interface),
                        ("MEMBERNAME", member.name),
                        ("MEMBERCALLS", str(member.calls)),
                        ("MEMBERLASTCALL", str(int(member.last_call))),
                        ("MEMBERPENALTY", str(member.penalty)),
                        ("MEMBERDYNAMIC", "1" if member.dynamic else "0"),
                        ("MEMBERREALTIME", "0"),
                    ):
                        self._setvar(target, name, value)
            if queue.config.setqueueentryvar:
                for target in (chan, one):
                    self._setvar(target, "QEHOLDTIME", str(hold))
                    self._setvar(target, "QEORIGINALPOS", str(entry.opos))
            self._queue_vars(chan, queue)
            self._queue_vars(one, queue)
        self._device_state(member.device, "INUSE")
        queue.stats.record_hold(hold)
        self._leave_queue(entry)
        self._setvar(chan, "QUEUEWAIT", str(hold))
        self._setvar(chan, "QUEUEWAIT_MS", str(hold * 1000))
        entry.connected = attempt
        entry.connect_time = now
        member.in_call = True
        self.emit(
            "AgentConnect",
            "agent,all",
            [
                *snapshot(chan),
                *snapshot(one, "Dest"),
                ("Queue", queue.name),
                ("Interface", member.interface),
                ("MemberName", member.name),
                ("HoldTime", str(hold)),
                ("RingTime", str(ring)),
            ],
        )
        self.log(chan.uniqueid, queue.name, self.agent_field(member), "CONNECT", hold, one.uniqueid, ring)
        bridge = Bridge(uniqueid=self._bridge_id())
        entry.bridge = bridge
        self.emit("BridgeCreate", "call,all", bridge.headers())
        for party in (one, chan):
            bridge.channels.append(party)
            party.bridge_id = bridge.uniqueid
            self.emit("BridgeEnter", "call,all", [*bridge.headers(), *snapshot(party)])
        self._setvar(one, "BRIDGEPEER", chan.name)
        self._setvar(chan, "BRIDGEPEER", one.name)
        if one is not two:
            self._newexten(two, "Wait", f"{entry.talk:g}", priority=3)
        if entry.caller_ends_call is None:
            entry.timers.append(self._later(entry.talk, lambda: self._complete(entry, by_caller=False)))
        else:
            by_caller = entry.caller_ends_call
            entry.timers.append(self._later(entry.talk, lambda: self._complete(entry, by_caller=by_caller)))
        self.kick()

    def _complete(
        self,
        entry: QueueEntry,
        *,
        by_caller: bool,
        transfer: tuple[str, str, str] | None = None,
        keep_caller: bool = False,
    ) -> None:
        """The end of a connected queue call, in the order of s01 (caller hangs up) or s03 (agent hangs up)."""
        if entry.done or entry.connected is None:
            return
        entry.done = True
        self._cancel(entry.timers)
        if entry.phone_timer is not None:
            entry.phone_timer.cancel()
        attempt = entry.connected
        queue, chan, phone, member = entry.queue, entry.chan, entry.phone, attempt.member
        one, two, bridge = attempt.one, attempt.two, entry.bridge
        now = self.now()
        hold = seconds_between(entry.joined, entry.connect_time)
        talk = seconds_between(entry.connect_time, now)
        # app_queue's update_queue: with shared_lastcall the member's other queues count the call too.
        sharing = (
            [other for _, other in self._members_on_interface(member.interface)]
            if queue.config.shared_lastcall
            else [member]
        )
        for counted in sharing:
            counted.calls += 1
            counted.last_call = now
        member.in_call = False
        member.wrapup_until = now + queue.config.wrapuptime
        queue.stats.completed += 1
        queue.stats.record_talk(talk)
        if hold <= queue.config.servicelevel:
            queue.stats.completed_in_sl += 1
        reason = "transfer" if transfer else "caller" if by_caller else "agent"
        keep_caller = keep_caller or transfer is not None

        def agent_complete() -> None:
            self.emit(
                "AgentComplete",
                "agent,all",
                [
                    *snapshot(chan),
                    *snapshot(one, "Dest"),
                    ("Queue", queue.name),
                    ("Interface", member.interface),
                    ("MemberName", member.name),
                    ("HoldTime", str(hold)),
                    ("TalkTime", str(talk)),
                    ("Reason", reason),
                ],
            )
            agent = self.agent_field(member)
            if transfer and transfer[0] == "attended":
                self.log(
                    chan.uniqueid,
                    queue.name,
                    agent,
                    "ATTENDEDTRANSFER",
                    "BRIDGE",
                    transfer[1],
                    hold,
                    talk,
                    entry.opos,
                )
            elif transfer:
                _, exten, context = transfer
                self.log(
                    chan.uniqueid, queue.name, agent, "BLINDTRANSFER", exten, context, hold, talk, entry.opos
                )
            else:
                verb = "COMPLETECALLER" if by_caller else "COMPLETEAGENT"
                self.log(chan.uniqueid, queue.name, agent, verb, hold, talk, entry.opos)

        def leave_bridge(party: Channel) -> None:
            if bridge is None or party not in bridge.channels:
                return
            bridge.channels.remove(party)
            party.bridge_id = ""
            self.emit("BridgeLeave", "call,all", [*bridge.headers(), *snapshot(party)])

        if by_caller or transfer:
            if not keep_caller:
                self._hangup_request(chan, 0)
            self._setvar(chan, "BRIDGEPEER", "")
            self._setvar(one, "BRIDGEPEER", "")
            agent_complete()
            if phone is not None and not keep_caller:
                self._hangup(phone, 0)
            leave_bridge(chan)
            self._queue_vars(chan, queue)
            self._dial_time_vars(entry, answered=True)
            self._queue_vars(chan, queue)
            self._device_state(chan.device, "NOT_INUSE")
            leave_bridge(one)
            if bridge is not None:
                self.emit("BridgeDestroy", "call,all", bridge.headers())
            if two is not one:
                self._hangup_request(two, 16)
            self._hangup(one, 16)
            if two is not one:
                self._hangup_request(two, 16, soft=True)
                self._hangup(two, 16)
            self._release_device(member)
            self._device_state(member.device, "NOT_INUSE")
            self._member_status_event(member.device, avail=True)
            if not keep_caller:
                self._hangup_request(chan, 16, soft=True)
                self._hangup(chan, 16)
                self._device_state(member.device, "NOT_INUSE")
                self._device_state(chan.device, "NOT_INUSE")
        else:
            if two is not one:
                self._newexten(two, "Hangup", "", priority=4)
                self._hangup_request(two, 16, soft=True)
            self._hangup_request(one, 16)
            agent_complete()
            self._setvar(one, "BRIDGEPEER", "")
            self._setvar(chan, "BRIDGEPEER", "")
            leave_bridge(one)
            leave_bridge(chan)
            if bridge is not None:
                self.emit("BridgeDestroy", "call,all", bridge.headers())
            self._queue_vars(chan, queue)
            self._dial_time_vars(entry, answered=True)
            self._queue_vars(chan, queue)
            self._hangup_request(chan, 16, soft=True)
            if phone is not None:
                self._hangup_request(phone, 16)
            self._hangup(chan, 16)
            if phone is not None:
                self._hangup(phone, 16)
            self._hangup(one, 16)
            self._hangup(two, 16)
            self._release_device(member)
            self._device_state(chan.device, "NOT_INUSE")
            self._device_state(chan.device, "NOT_INUSE")
            self._device_state(member.device, "NOT_INUSE")
            if two is not one:
                self._device_state(member.device, "NOT_INUSE")
            self._member_status_event(member.device, avail=True)
        self.attempts_by_channel.pop(one.name, None)
        self.attempts_by_channel.pop(two.name, None)
        self._forget_entry(entry)
        self.processed_calls += 1
        for listener in self.completion_listeners:
            listener(entry, member, reason)
        if queue.config.wrapuptime > 0:
            self._later(queue.config.wrapuptime, self.kick)
        self.kick()

    # ------------------------------------------------------------------ actions on channels
    def hangup_channel(self, name: str) -> bool:
        """Hangup action: whichever side the channel is, the call ends as if that side hung up."""
        entry = self.entries_by_channel.get(name)
        if entry is not None:
            self.caller_hangup(entry)
            return True
        attempt = self.attempts_by_channel.get(name)
        if attempt is not None:
            if attempt.entry.connected is attempt:
                self._complete(attempt.entry, by_caller=False)
            else:
                self._end_attempt(attempt, "BUSY", log_cancel=False)
                self.kick()
            return True
        call = self.local_calls.get(name)
        if call is not None:
            if call.finish is not None:
                call.finish()
            elif call.kind == "phone":
                self._phone_hangup(call)
            else:
                self._cancel(call.timers)
                for leg in (call.one, call.two):
                    self._hangup(leg, 16)
                self.local_calls.pop(call.one.name, None)
                self.local_calls.pop(call.two.name, None)
            return True
        channel = self.channels.get(name)
        if channel is None:
            return False
        self._hangup(channel, 16)
        return True

    def _end_external(self, call: LocalCall) -> None:
        self._cancel(call.timers)
        self._hangup(call.one, 16)
        self.local_calls.pop(call.one.name, None)

    def blind_transfer(self, name: str, exten: str, context: str) -> bool:
        """BlindTransfer of a queue call (from either leg): the caller goes to exten@context."""
        entry = self.entries_by_channel.get(name)
        attempt = self.attempts_by_channel.get(name)
        if entry is None and attempt is not None:
            entry = attempt.entry
        if entry is None or entry.connected is None:
            return False
        transferer = entry.connected.one if attempt is not None else entry.chan
        self.emit(
            "BlindTransfer",
            "call,all",
            [
                ("Result", "Success"),
                *snapshot(transferer, "Transferer"),
                *(entry.bridge.headers() if entry.bridge else []),
                ("IsExternal", "No"),
                ("Context", context),
                ("Extension", exten),
            ],
        )
        self._complete(entry, by_caller=False, transfer=("blind", exten, context))
        self._continue_at(entry.chan, entry.phone, context, exten)
        return True

    def attended_transfer(self, name: str, exten: str, context: str) -> bool:
        """Atxfer by the agent: the caller ends up with the target; queue_log ATTENDEDTRANSFER."""
        attempt = self.attempts_by_channel.get(name)
        if attempt is None or attempt.entry.connected is not attempt:
            return False
        entry = attempt.entry
        # app_queue logs the bridge the caller is moved into: the agent's consultation bridge with the target.
        consultation_bridge = self._bridge_id()
        self._complete(entry, by_caller=False, transfer=("attended", consultation_bridge, context))
        self._continue_at(entry.chan, entry.phone, context, exten)
        return True

    def redirect(self, name: str, context: str, exten: str) -> bool:
        """Redirect: a waiting caller leaves the queue (ABANDON, as app_queue logs it); a connected one ends
        the queue call (COMPLETECALLER) and continues at exten@context."""
        entry = self.entries_by_channel.get(name)
        if entry is not None and entry.connected is None and not entry.done:
            entry.done = True
            self._cancel(entry.timers)
            if entry.retry_timer:
                entry.retry_timer.cancel()
            self._stop_ringing(entry, cancelled=True)
            queue, chan = entry.queue, entry.chan
            self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
            wait = seconds_between(entry.joined, self.now())
            position = self._position(entry)
            queue.stats.abandoned += 1
            self.log(chan.uniqueid, queue.name, "NONE", "ABANDON", position, entry.opos, wait)
            self._leave_queue(entry)
            self._forget_entry(entry)
            self._continue_at(chan, entry.phone, context, exten)
            self.kick()
            return True
        if entry is not None and entry.connected is not None:
            chan, phone = entry.chan, entry.phone
            if name == chan.name:
                self._complete(entry, by_caller=True, keep_caller=True)
                self._continue_at(chan, phone, context, exten)
            else:
                self._complete(entry, by_caller=True)
            return True
        if name in self.attempts_by_channel or name in self.local_calls:
            return self.hangup_channel(name)
        return False

    def _continue_at(self, chan: Channel, phone: Channel | None, context: str, exten: str) -> None:
        """Send a surviving caller leg to exten@context: into a queue, or to a short announcement and hangup."""
        if chan.hung_up:
            return
        chan.context, chan.exten, chan.priority = context, exten, 1
        queue = self.queues.get(exten)
        if queue is not None and context in ("queue-entry", ""):
            self.emit("MusicOnHoldStart", "call,all", [*snapshot(chan), ("Class", queue.config.musicclass)])
            self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
            self.enter_queue(
                queue, chan, phone, talk=self.rng.uniform(30, 180), max_wait=120.0, caller_ends_call=False
            )
            return
        self._newexten(chan, "NoOp", f"Transfer target {exten} got {chan.cid_num}")
        self._newexten(chan, "Wait", "4", priority=2)
        # A target that is a member's phone (PJSIP/<exten>) answers: its device is in use meanwhile.
        device = next((member.device for _, member in self._members_on_interface(f"PJSIP/{exten}")), "")
        if device:
            self.device_use[device] = self.device_use.get(device, 0) + 1
            self._device_state(device, "INUSE")
            self._member_status_event(device, avail=True)

        def end() -> None:
            self._end_caller_legs(chan, phone)
            if device:
                self._release_device_name(device)
                self._device_state(device, "NOT_INUSE")
                self._member_status_event(device, avail=True)
                self.kick()

        self._later(4.0, end)

    # ------------------------------------------------------------------ member administration
    def find_members(self, interface: str, queue_name: str | None) -> list[tuple[Queue, QueueMember]]:
        queues = [self.queues[queue_name]] if queue_name else list(self.queues.values())
        return [
            (queue, member) for queue in queues for member in queue.members if member.interface == interface
        ]

    def pause(self, interface: str, queue_name: str | None, paused: bool, reason: str) -> None:
        """QueuePause, logged as in s04: PAUSE/UNPAUSE per queue, PAUSEALL/UNPAUSEALL first when no queue."""
        if queue_name is not None and queue_name not in self.queues:
            raise EngineError("Interface not found")
        found = self.find_members(interface, queue_name)
        if not found:
            raise EngineError("Interface not found")
        now = self.now()
        if queue_name is None:
            self.log(
                "NONE", "NONE", self.agent_field(found[0][1]), "PAUSEALL" if paused else "UNPAUSEALL", reason
            )
        for queue, member in found:
            none_available = not any(self.member_available(other, queue) for other in queue.members)
            member.paused = paused
            member.paused_reason = reason
            if paused:
                member.last_pause = now
            self.log("NONE", queue.name, self.agent_field(member), "PAUSE" if paused else "UNPAUSE", reason)
            self._device_state(
                f"Queue:{queue.name}_pause_{member.interface}", "INUSE" if paused else "NOT_INUSE"
            )
            if not paused and none_available:
                self._avail_state(queue)
            self.emit("QueueMemberPause", "agent,all", self._member_status(member, queue.name))
            if not paused:
                member.paused_reason = ""
        if not paused:
            self.kick()

    def add_member(
        self,
        queue_name: str,
        interface: str,
        *,
        name: str,
        penalty: int,
        paused: bool,
        reason: str,
        state_interface: str,
    ) -> None:
        queue = self.queues.get(queue_name)
        if queue is None:
            raise EngineError("Unable to add interface to queue: No such queue")
        if queue.member(interface) is not None:
            raise EngineError("Unable to add interface: Already there")
        member = QueueMember(
            interface=interface,
            name=name or interface,
            state_interface=state_interface or interface,
            penalty=penalty,
            dynamic=True,
            login_time=self.now(),
            position=len(queue.members),
            paused=paused,
            paused_reason=reason if paused else "",
        )
        queue.members.append(member)
        self._device_state(f"Queue:{queue.name}_pause_{interface}", "INUSE" if paused else "NOT_INUSE")
        self.emit("QueueMemberAdded", "agent,all", self._member_status(member, queue.name))
        self.log("MANAGER", queue.name, interface, "ADDMEMBER", "")
        self.kick()

    def remove_member(self, queue_name: str, interface: str) -> None:
        queue = self.queues.get(queue_name)
        if queue is None:
            raise EngineError("Unable to remove interface from queue: No such queue")
        member = queue.member(interface)
        if member is None:
            raise EngineError("Unable to remove interface: Not there")
        if not member.dynamic:
            raise EngineError("Unable to remove interface: Not dynamic")
        self.emit("QueueMemberRemoved", "agent,all", self._member_status(member, queue.name))
        queue.members.remove(member)
        self.log("MANAGER", queue.name, interface, "REMOVEMEMBER", "")

    def set_penalty(self, interface: str, penalty: int, queue_name: str | None) -> None:
        found = self.find_members(interface, queue_name)
        if not found:
            raise EngineError("Invalid interface, queuename or penalty")
        for queue, member in found:
            member.penalty = penalty
            self.log("NONE", queue.name, interface, "PENALTY", penalty)
            self.emit("QueueMemberPenalty", "agent,all", self._member_status(member, queue.name))

    def set_device_available(self, device: str, available: bool) -> None:
        """An agent's phone registers or unregisters (a login / logout of a static member). A PJSIP phone
        also says so as res_pjsip does, in the order a real node sends it: unregistering, PeerStatus
        Unreachable, the device state, ContactStatus Removed; registering, ContactStatus NonQualified,
        PeerStatus Reachable, the device state, ContactStatus Reachable (its first qualify)."""
        phone = device.startswith(PJSIP_PREFIX)
        if available:
            self.unavailable_devices.discard(device)
            if phone:
                self._contact_status(device, "NonQualified")
                self._peer_status(device, "Reachable")
        else:
            self.unavailable_devices.add(device)
            if phone:
                self._peer_status(device, "Unreachable")
        self._device_state(device, "NOT_INUSE" if available else "UNAVAILABLE")
        if phone:
            self._contact_status(device, "Reachable" if available else "Removed")
        self._member_status_event(device)
        if available:
            self.kick()

    def phone_contacts(self) -> list[tuple[str, str]]:
        """(endpoint, contact URI) of every PJSIP member phone that is registered, for PJSIPShowContacts."""
        devices = {member.device for queue in self.queues.values() for member in queue.members}
        return [
            (device[len(PJSIP_PREFIX) :], phone_contact_uri(device))
            for device in sorted(devices)
            if device.startswith(PJSIP_PREFIX) and device not in self.unavailable_devices
        ]

    def _contact_status(self, device: str, status: str) -> None:
        endpoint = device[len(PJSIP_PREFIX) :]
        self.emit(
            "ContactStatus",
            "system,all",
            [
                ("URI", phone_contact_uri(device)),
                ("ContactStatus", status),
                ("AOR", endpoint),
                ("EndpointName", endpoint),
                ("RoundtripUsec", str(PHONE_ROUNDTRIP_US) if status == "Reachable" else "0"),
            ],
        )

    def _peer_status(self, device: str, status: str) -> None:
        self.emit(
            "PeerStatus", "system,all", [("ChannelType", "PJSIP"), ("Peer", device), ("PeerStatus", status)]
        )


def phone_contact_uri(device: str) -> str:
    """The contact a simulated PJSIP phone registers (every phone on 127.0.0.1, as in the real-node tests)."""
    return f"sip:{device[len(PJSIP_PREFIX) :]}@127.0.0.1:5060;ob"


def seconds_between(start: float, end: float) -> int:
    """Whole seconds as Asterisk counts them: the difference of two time(NULL) readings."""
    return int(end) - int(start)


def _float(value: str, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
