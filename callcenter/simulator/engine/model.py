"""The state the engine keeps: queues and their members, waiting callers, ringing attempts, other calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from callcenter.simulator.channels import Bridge, Channel, Headers
from callcenter.simulator.clock import TimerHandle
from callcenter.simulator.config import QueueConfig

EventSink = Callable[[str, str, Headers], None]


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
