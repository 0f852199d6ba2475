"""The reducer's records: calls, agents and their queue memberships, queues, channels; the vocabulary
(outcomes, agent and call states) and the naming rules for channels and devices."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.live.messages import AgentView, CallView

SNAPSHOT_VERSION = 1

OUTCOMES = ("answered", "abandoned", "timeout", "exitempty", "joinempty", "exitkey", "waiting")
AGENT_STATES = ("idle", "ringing", "in call", "wrap-up", "paused", "unavailable")
CALL_STATES = ("waiting", "ringing", "talking", "on hold", "transferred", "ended")


def channel_device(channel: str) -> str:
    """``PJSIP/1001-0000000a`` -> ``PJSIP/1001``; ``Local/1001@agents-00000001;1`` -> ``Local/1001@agents``."""
    base = channel.partition(";")[0]
    head, sep, _ = base.rpartition("-")
    return head if sep and "/" in head else base


def interface_device(interface: str) -> str:
    """A queue member interface as a device: ``Local/1001@agents/n`` -> ``Local/1001@agents``."""
    if interface.startswith("Local/") and interface.count("/") > 1:
        return interface.rsplit("/", 1)[0]
    return interface


@dataclass(slots=True)
class Call:
    """One caller's visit to one queue, keyed by the Uniqueid of the caller's channel in the queue."""

    callid: str
    queue: str
    channel: str
    caller: str = ""
    caller_name: str = ""
    position: int | None = None
    joined_at: float | None = None
    state: str = "waiting"
    outcome: str = "waiting"
    agent: str | None = None
    agent_interface: str | None = None
    agent_channel: str | None = None
    answered_at: float | None = None
    ended_at: float | None = None
    wait_s: float | None = None
    talk_s: float | None = None
    transferred_to: str | None = None
    ended_by: str | None = None
    ringing: set[str] = field(default_factory=set)
    seq: int = 0
    in_queue: bool = True
    exit_digit: str | None = None
    final: bool = False

    def to_dict(self, now: float) -> CallView:
        wait = self.wait_s
        if wait is None and self.joined_at is not None and self.in_queue:
            wait = max(0.0, now - self.joined_at)
        return {
            "callid": self.callid,
            "queue": self.queue,
            "caller": self.caller,
            "caller_name": self.caller_name,
            "channel": self.channel,
            "position": self.position,
            "joined_at": self.joined_at,
            "state": self.state,
            "outcome": self.outcome,
            "agent": self.agent,
            "agent_interface": self.agent_interface,
            "answered_at": self.answered_at,
            "ended_at": self.ended_at,
            "wait_s": wait,
            "talk_s": self.talk_s,
            "transferred_to": self.transferred_to,
            "ended_by": self.ended_by,
            "final": self.final,
        }


@dataclass(slots=True)
class Membership:
    """An agent's place in one queue as Asterisk reports it."""

    penalty: int = 0
    paused: bool = False
    pause_reason: str | None = None
    membership: str = "static"
    # When this pause began (Unix seconds): Asterisk's LastPause, or when the event said so.
    paused_since: float | None = None


@dataclass(slots=True)
class Agent:
    """A queue member, keyed by interface (``Local/1001@agents/n``, ``PJSIP/1001``)."""

    interface: str
    name: str
    queues: dict[str, Membership] = field(default_factory=dict)
    device_status: int = 1
    ringing: set[str] = field(default_factory=set)
    current_call: str | None = None
    wrapup_s: int = 0
    wrapup_until: float = 0.0
    state: str = "idle"
    state_since: float = 0.0
    answered_today: int = 0

    @property
    def pause_reason(self) -> str | None:
        for member in self.queues.values():
            if member.paused:
                return member.pause_reason or None
        return None

    @property
    def paused_since(self) -> float | None:
        """When the oldest of the member's current pauses began (None: not paused anywhere)."""
        starts = [m.paused_since for m in self.queues.values() if m.paused and m.paused_since is not None]
        return min(starts) if starts else None

    def to_dict(self) -> AgentView:
        return {
            "interface": self.interface,
            "name": self.name,
            "state": self.state,
            "state_since": self.state_since,
            "pause_reason": self.pause_reason if self.state == "paused" else None,
            "paused": any(m.paused for m in self.queues.values()),
            "paused_since": self.paused_since,
            "queues": {
                name: {
                    "penalty": m.penalty,
                    "paused": m.paused,
                    "pause_reason": m.pause_reason,
                    "paused_since": m.paused_since,
                    "membership": m.membership,
                }
                for name, m in sorted(self.queues.items())
            },
            "current_call": self.current_call,
            "answered_today": self.answered_today,
            "device_status": self.device_status,
        }


def new_counters() -> dict[str, int]:
    return {"offered": 0, "answered_within_sl": 0, **{o: 0 for o in OUTCOMES if o != "waiting"}}


@dataclass(slots=True)
class QueueLive:
    """A queue's live figures: who waits, and today's counters."""

    name: str
    strategy: str = ""
    service_level_s: int = 20
    wrapup_s: int = 0
    waiting: dict[str, None] = field(default_factory=dict)  # callids in join order
    today: dict[str, int] = field(default_factory=new_counters)


@dataclass(slots=True)
class Channel:
    """An active channel: its name, technology and the trunk it goes through (None: not a trunk)."""

    name: str
    tech: str
    trunk: str | None
