"""The live picture of one Asterisk node: a pure, synchronous reducer from AMI events to state.

``LiveState.apply(message, now)`` folds one event in; it does no I/O and never blocks, so the same code
runs in the bridge, in ``manage.py ami_replay`` and in tests. Every change marks the touched call, agent
or queue dirty; ``take_delta(now)`` returns only those (the bridge publishes them), ``snapshot(now)`` the
whole state (the bridge stores it in Redis). ``resync(queue_status, channels, now)`` rebuilds the picture
from ``QueueStatus`` and ``CoreShowChannels`` after a (re)connect and corrects whatever went stale.

Outcomes, as Asterisk 22 reports them (app_queue.c):

* answered: ``AgentConnect``;
* abandoned: ``QueueCallerAbandon``. Asterisk also sends it before a timeout or a leave-when-empty,
  so those are re-labelled when the queue application returns and sets ``QUEUESTATUS``;
* timeout: ``QUEUESTATUS=TIMEOUT``; exitempty: ``LEAVEEMPTY`` (or ``LEAVEUNAVAIL``);
* joinempty: ``JOINEMPTY`` (or ``JOINUNAVAIL``/``FULL``): the caller never joined and queue_log has no
  line, but the call is counted; the queue comes from the ``Queue`` application the channel ran;
* exitkey: the caller pressed a digit (``DTMFEnd``) and left the queue application for the queue's
  exit context without being answered;
* waiting: still in the queue.

The JSON shape of ``snapshot``/``take_delta`` is documented in docs/ami.md and must stay stable.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from callcenter.ami.protocol import Message
from callcenter.live.endpoints import EndpointState

SNAPSHOT_VERSION = 1

OUTCOMES = ("answered", "abandoned", "timeout", "exitempty", "joinempty", "exitkey", "waiting")
AGENT_STATES = ("idle", "ringing", "in call", "wrap-up", "paused", "unavailable")
CALL_STATES = ("waiting", "ringing", "talking", "on hold", "transferred", "ended")

_QUEUESTATUS_OUTCOME = {
    "TIMEOUT": "timeout",
    "LEAVEEMPTY": "exitempty",
    "LEAVEUNAVAIL": "exitempty",
    "JOINEMPTY": "joinempty",
    "JOINUNAVAIL": "joinempty",
    "FULL": "joinempty",
}
# Events that state a queue member's whole state (applied twice, they change nothing).
_MEMBER_EVENTS = frozenset(
    {
        "QueueMemberStatus",
        "QueueMemberAdded",
        "QueueMemberPause",
        "QueueMemberPaused",
        "QueueMemberPenalty",
        "QueueMemberRinginuse",
        "QueueMemberRemoved",
    }
)
# Events that move a queue call (by the caller's Uniqueid) or a channel: state newer than a resync's lists.
_CALL_EVENTS = frozenset(
    {
        "QueueCallerJoin",
        "QueueCallerLeave",
        "QueueCallerAbandon",
        "AgentCalled",
        "AgentRingNoAnswer",
        "AgentDump",
        "AgentConnect",
        "AgentComplete",
        "Hangup",
    }
)
_CHANNEL_EVENTS = frozenset({"Newchannel", "Hangup"})
# Device states (AST_DEVICE_*) as QueueMemberStatus reports them.
_DEVICE_BUSY = frozenset({2, 3, 8})  # in use, busy, on hold
_DEVICE_RINGING = frozenset({6, 7})  # ringing, ring in use
_DEVICE_GONE = frozenset({4, 5})  # invalid, unavailable


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


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _clock(seconds: str | None) -> float:
    """``00:01:02`` (CoreShowChannel Duration) -> 62.0."""
    total = 0.0
    for part in (seconds or "").split(":"):
        total = total * 60 + (_float(part) or 0.0)
    return total


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

    def to_dict(self, now: float) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
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


def _new_counters() -> dict[str, int]:
    return {"offered": 0, "answered_within_sl": 0, **{o: 0 for o in OUTCOMES if o != "waiting"}}


@dataclass(slots=True)
class QueueLive:
    """A queue's live figures: who waits, and today's counters."""

    name: str
    strategy: str = ""
    service_level_s: int = 20
    wrapup_s: int = 0
    waiting: dict[str, None] = field(default_factory=dict)  # callids in join order
    today: dict[str, int] = field(default_factory=_new_counters)


@dataclass(frozen=True, slots=True)
class ResyncCorrections:
    """What one ``resync`` changed in the picture the events had built: queues added, removed or with
    other parameters; queue memberships added, removed or changed (penalty, pause, device status); active
    calls added, dropped or changed (queue, state, outcome, agent, position); channels added or gone."""

    queue: int = 0
    member: int = 0
    call: int = 0
    channel: int = 0

    def by_kind(self) -> dict[str, int]:
        return {"queue": self.queue, "member": self.member, "call": self.call, "channel": self.channel}

    @property
    def total(self) -> int:
        return self.queue + self.member + self.call + self.channel


def _changed(before: Mapping[Any, Any], after: Mapping[Any, Any]) -> int:
    """How many keys were added, removed or hold another value."""
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))


@dataclass(slots=True)
class _Channel:
    name: str
    tech: str
    trunk: str | None


class LiveState:
    """The reducer (see the module docstring). Not thread-safe; one instance per Asterisk node."""

    def __init__(
        self,
        server: str = "",
        *,
        tz: dt.tzinfo = dt.UTC,
        trunks: Mapping[str, str] | None = None,
        queue_settings: Mapping[str, Mapping[str, int]] | None = None,
        history: int | None = 200,
    ) -> None:
        """``trunks`` maps a device (``PJSIP/carrier1``) to a trunk name; ``queue_settings`` gives each
        queue's ``service_level`` and ``wrapuptime`` (seconds) from the configuration; ``history`` bounds
        the finished calls kept (None keeps all, as replay does)."""
        self.server = server
        self.tz = tz
        self.trunks = dict(trunks or {})
        self.queue_settings = {name: dict(values) for name, values in (queue_settings or {}).items()}
        self.calls: dict[str, Call] = {}
        self.finished: deque[Call] = deque(maxlen=history)
        self.agents: dict[str, Agent] = {}
        self.queues: dict[str, QueueLive] = {}
        self.channels: dict[str, _Channel] = {}
        self.events = 0
        self.handled = 0
        self._seq = 0
        self._channel_calls: dict[str, str] = {}  # caller or agent channel name -> callid
        self._queue_app: dict[str, str] = {}  # channel -> queue of the Queue() it runs (for joinempty)
        # Calls whose outcome the restored daily counters already include (until the next resync).
        self._counted: set[str] = set()
        self._dirty_calls: dict[str, None] = {}
        self._dirty_agents: dict[str, None] = {}
        self._dirty_queues: dict[str, None] = {}
        self._dirty_channels = False
        self._day: dt.date | None = None
        self._day_end = 0.0
        self._handlers: dict[str, Callable[[Message, float], None]] = {
            "QueueCallerJoin": self._on_join,
            "QueueCallerLeave": self._on_leave,
            "QueueCallerAbandon": self._on_abandon,
            "AgentCalled": self._on_agent_called,
            "AgentRingNoAnswer": self._on_ring_end,
            "AgentDump": self._on_ring_end,
            "AgentConnect": self._on_connect,
            "AgentComplete": self._on_complete,
            "QueueMemberStatus": self._on_member,
            "QueueMemberAdded": self._on_member,
            "QueueMemberPause": self._on_member,
            "QueueMemberPaused": self._on_member,
            "QueueMemberPenalty": self._on_member,
            "QueueMemberRinginuse": self._on_member,
            "QueueMemberRemoved": self._on_member_removed,
            "QueueParams": self._on_queue_params,
            "QueueMember": self._on_member,
            "QueueEntry": self._on_entry,
            "Newchannel": self._on_newchannel,
            "CoreShowChannel": self._on_newchannel,
            "Hangup": self._on_hangup,
            "VarSet": self._on_varset,
            "Newexten": self._on_newexten,
            "DTMFEnd": self._on_dtmf,
            "Hold": self._on_hold,
            "Unhold": self._on_unhold,
            "BlindTransfer": self._on_blind_transfer,
            "AttendedTransfer": self._on_attended_transfer,
        }
        # PJSIP trunks and phones (registration, contacts, qualify): callcenter.live.endpoints.
        self.endpoints = EndpointState()
        self._handlers.update(self.endpoints.handlers)

    # -- public API ----------------------------------------------------------------------------------
    def apply(self, message: Message, now: float) -> None:
        """Fold one AMI message in. Responses and events the live view does not need are ignored."""
        name = message.event
        if name is None:
            return
        self.events += 1
        handler = self._handlers.get(name)
        if handler is not None:
            if now >= self._day_end:
                self._roll_day(now)
            handler(message, now)

    def apply_all(self, messages: Iterable[Message], now: float) -> None:
        for message in messages:
            self.apply(message, now)

    def tick(self, now: float) -> None:
        """Advance time: end wrap-up periods and reset the daily counters at local midnight."""
        if now >= self._day_end:
            self._roll_day(now)
        for agent in self.agents.values():
            if agent.wrapup_until and agent.wrapup_until <= now:
                agent.wrapup_until = 0.0
                self._refresh_agent(agent, now)

    def take_delta(self, now: float) -> dict[str, Any]:
        """What changed since the last call: ``{"calls": {id: dict}, "agents": {iface: dict | None},
        "queues": {name: dict | None}, "channels": dict (only when changed), "endpoints": {name: dict |
        None} (only when changed)}``; empty dicts when idle."""
        for iface in self._dirty_agents:
            self.endpoints.touch_member(iface)  # a phone's alarm depends on its agent being logged in
        endpoints = self.endpoints.take_delta(self.trunks, self.agents.keys())
        delta: dict[str, Any] = {
            "calls": {cid: self._call_dict(cid, now) for cid in self._dirty_calls},
            "agents": {
                iface: (self.agents[iface].to_dict() if iface in self.agents else None)
                for iface in self._dirty_agents
            },
            "queues": {
                name: (self._queue_dict(self.queues[name], now) if name in self.queues else None)
                for name in self._dirty_queues
            },
        }
        if self._dirty_channels:
            delta["channels"] = self._channels_dict()
        if endpoints:
            delta["endpoints"] = endpoints
        self._dirty_calls = {}
        self._dirty_agents = {}
        self._dirty_queues = {}
        self._dirty_channels = False
        return delta

    @staticmethod
    def delta_is_empty(delta: Mapping[str, Any]) -> bool:
        return not (
            delta["calls"]
            or delta["agents"]
            or delta["queues"]
            or "channels" in delta
            or "endpoints" in delta
        )

    def snapshot(self, now: float) -> dict[str, Any]:
        """The whole live state as JSON-ready data (the shape is documented in docs/ami.md)."""
        return {
            "version": SNAPSHOT_VERSION,
            "server": self.server,
            "generated_at": now,
            "day": self._day.isoformat() if self._day else None,
            "calls": {cid: call.to_dict(now) for cid, call in self.calls.items()},
            "recent_calls": [call.to_dict(now) for call in self.finished],
            "agents": {iface: agent.to_dict() for iface, agent in sorted(self.agents.items())},
            "queues": {name: self._queue_dict(q, now) for name, q in sorted(self.queues.items())},
            "channels": self._channels_dict(),
            "endpoints": self.endpoints.snapshot(self.trunks, self.agents.keys()),
        }

    def restore(self, snapshot: Mapping[str, Any], now: float) -> None:
        """Carry today's counters over from a stored snapshot of the same local day, so that a bridge
        restart does not zero "answered today"; everything else comes from the resync that follows.

        The snapshot's calls that already had an outcome are remembered: the counters include them, so
        the resync that finds such a call still talking rebuilds it without counting it again.
        """
        if now >= self._day_end:
            self._roll_day(now)
        stored_calls = [*(snapshot.get("calls") or {}).values(), *(snapshot.get("recent_calls") or [])]
        self._counted = {
            str(call["callid"])
            for call in stored_calls
            if call.get("callid") and call.get("outcome") not in (None, "waiting")
        }
        if snapshot.get("day") != self.snapshot_day():
            return
        for name, stored in (snapshot.get("queues") or {}).items():
            queue = self._queue(name)
            for counter, value in (stored.get("today") or {}).items():
                if counter in queue.today:
                    queue.today[counter] = int(value)
        for interface, stored in (snapshot.get("agents") or {}).items():
            agent = self._agent(interface, stored.get("name"), now)
            agent.answered_today = int(stored.get("answered_today") or 0)

    def snapshot_day(self) -> str | None:
        """The local day the daily counters belong to (ISO date)."""
        return self._day.isoformat() if self._day else None

    def all_calls(self) -> list[Call]:
        """Finished (as far as the history keeps them) and active calls, in the order they started."""
        return sorted([*self.finished, *self.calls.values()], key=lambda call: call.seq)

    def _comparable(self) -> tuple[dict[str, Any], dict[Any, Any], dict[str, Any], set[str]]:
        """The facts a resync may correct, without the ones that move with the clock (waits, since)."""
        queues = {name: (q.strategy, q.service_level_s) for name, q in self.queues.items()}
        members = {
            (iface, queue): (m.penalty, m.paused, m.pause_reason, m.membership, agent.device_status)
            for iface, agent in self.agents.items()
            for queue, m in agent.queues.items()
        }
        calls = {
            callid: (call.queue, call.state, call.outcome, call.agent_interface, call.position)
            for callid, call in self.calls.items()
        }
        return queues, members, calls, set(self.channels)

    def resync(
        self,
        queue_status: Iterable[Message],
        channels: Iterable[Message],
        now: float,
        during: Iterable[Message] = (),
    ) -> ResyncCorrections:
        """Rebuild from ``QueueStatus`` and ``CoreShowChannels`` events, correcting anything stale, and
        return how many queues, memberships, calls and channels it corrected (``ResyncCorrections``).

        ``during`` are the events already applied while the two lists were being read: they may be newer
        than the lists. A call or channel they touched keeps the state those events gave it, and the member
        events among them are applied again on top of the lists (each states a member's whole state, so
        applying one twice is harmless). Without this a pause that lands between ``QueueStatus`` and the
        rebuild would be undone by the older list until the next resync.

        Queues, memberships, waiting callers and channels are replaced by what Asterisk reports; calls
        that are gone are dropped (their outcome happened while we were away: queue_log has it); calls
        bridged to an agent are kept or rebuilt as talking; daily counters are kept. A rebuilt call is
        counted as answered (queue and agent) once: not when the restored counters already include it.
        """
        if now >= self._day_end:
            self._roll_day(now)
        queues_before, members_before, calls_before, channels_before = self._comparable()
        window = [message for message in during if message.event]
        touched = {m.get("Uniqueid") or "" for m in window if m.event in _CALL_EVENTS}
        touched_channels = {m.get("Uniqueid") or "" for m in window if m.event in _CHANNEL_EVENTS}
        status = [m for m in queue_status if not (m.event == "QueueEntry" and m.get("Uniqueid") in touched)]
        chans = [m for m in channels if m.get("Uniqueid") not in touched_channels]
        seen_queues: set[str] = set()
        seen_members: set[tuple[str, str]] = set()
        seen_entries: set[str] = set()
        for message in status:
            event = message.event
            if event == "QueueParams":
                self._on_queue_params(message, now)
                seen_queues.add(message.get("Queue") or "")
            elif event == "QueueMember":
                self._on_member(message, now)
                seen_members.add(
                    (message.get("Location") or message.get("Interface") or "", message.get("Queue") or "")
                )
            elif event == "QueueEntry":
                self._on_entry(message, now)
                seen_entries.add(message.get("Uniqueid") or "")
        for name in [q for q in self.queues if q not in seen_queues]:
            del self.queues[name]
            self._dirty_queues[name] = None
        for iface, agent in list(self.agents.items()):
            for queue in [q for q in agent.queues if (iface, q) not in seen_members]:
                del agent.queues[queue]
                self._dirty_queues[queue] = None
                self._touch_agent(agent)
            if not agent.queues:
                del self.agents[iface]
                self._dirty_agents[iface] = None
        for message in window:
            if message.event in _MEMBER_EVENTS:
                self._handlers[message.event or ""](message, now)

        kept = {uid: channel for uid, channel in self.channels.items() if uid in touched_channels}
        self.channels = {}
        by_bridge: dict[str, list[Message]] = {}
        for message in chans:
            self._on_newchannel(message, now)
            bridge = message.get("BridgeId") or ""
            if bridge:
                by_bridge.setdefault(bridge, []).append(message)
        self.channels.update(kept)
        self._dirty_channels = True

        talking: dict[str, tuple[Message, Message | None]] = {}
        for message in chans:
            if message.get("Application") != "Queue" or not message.get("BridgeId"):
                continue
            peers = [m for m in by_bridge.get(message.get("BridgeId") or "", []) if m is not message]
            talking[message.get("Uniqueid") or ""] = (message, peers[0] if peers else None)

        for callid, call in list(self.calls.items()):
            if (
                callid in seen_entries
                or callid in touched
                or (callid in talking and call.outcome == "answered")
            ):
                continue
            if call.outcome == "waiting":
                self._drop_call(call, now)  # what became of it happened while we were away
            else:
                self._finalize(call, now)
        for callid, (caller, peer) in talking.items():
            if callid in touched or (callid in self.calls and self.calls[callid].outcome == "answered"):
                continue
            self._rebuild_talking(callid, caller, peer, now)
        self._counted = set()
        for agent in self.agents.values():
            if agent.current_call and agent.current_call not in self.calls:
                agent.current_call = None
            agent.ringing &= set(self.calls)
            self._refresh_agent(agent, now)
        for queue_name in self.queues:
            self._dirty_queues[queue_name] = None
        queues_after, members_after, calls_after, channels_after = self._comparable()
        return ResyncCorrections(
            queue=_changed(queues_before, queues_after),
            member=_changed(members_before, members_after),
            call=_changed(calls_before, calls_after),
            channel=len(channels_before ^ channels_after),
        )

    # -- helpers -------------------------------------------------------------------------------------
    def _roll_day(self, now: float) -> None:
        local = dt.datetime.fromtimestamp(now, self.tz)
        day = local.date()
        if self._day is not None and day != self._day:
            for queue in self.queues.values():
                queue.today = _new_counters()
                self._dirty_queues[queue.name] = None
            for agent in self.agents.values():
                if agent.answered_today:
                    agent.answered_today = 0
                    self._dirty_agents[agent.interface] = None
        self._day = day
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), self.tz)
        self._day_end = midnight.timestamp()

    def _queue(self, name: str) -> QueueLive:
        queue = self.queues.get(name)
        if queue is None:
            settings = self.queue_settings.get(name, {})
            queue = QueueLive(
                name,
                service_level_s=settings.get("service_level", 20),
                wrapup_s=settings.get("wrapuptime", 0),
            )
            self.queues[name] = queue
        self._dirty_queues[name] = None
        return queue

    def _call_dict(self, callid: str, now: float) -> dict[str, Any] | None:
        call = self.calls.get(callid)
        if call is None:
            for finished in reversed(self.finished):
                if finished.callid == callid:
                    return finished.to_dict(now)
            return None
        return call.to_dict(now)

    def _queue_dict(self, queue: QueueLive, now: float) -> dict[str, Any]:
        waiting = []
        for callid in queue.waiting:
            call = self.calls.get(callid)
            if call is None:
                continue
            waiting.append(
                {
                    "callid": callid,
                    "caller": call.caller,
                    "caller_name": call.caller_name,
                    "position": call.position,
                    "joined_at": call.joined_at,
                    "wait_s": max(0.0, now - call.joined_at) if call.joined_at is not None else None,
                    "state": call.state,
                }
            )
        by_state = dict.fromkeys(AGENT_STATES, 0)
        for agent in self.agents.values():
            member = agent.queues.get(queue.name)
            if member is None:
                continue
            by_state[self._member_state(agent, member)] += 1
        by_state["total"] = sum(by_state.values())
        today = dict(queue.today)
        offered = today["offered"]
        waits = [w["wait_s"] for w in waiting if w["wait_s"] is not None]
        return {
            "name": queue.name,
            "strategy": queue.strategy,
            "service_level_s": queue.service_level_s,
            "waiting": waiting,
            "waiting_count": len(waiting),
            "longest_wait_s": max(waits) if waits else 0.0,
            "agents": by_state,
            "today": today,
            "service_level_pct": round(100.0 * today["answered_within_sl"] / offered, 1) if offered else None,
        }

    def _channels_dict(self) -> dict[str, Any]:
        by_tech: dict[str, int] = {}
        by_trunk: dict[str, int] = {}
        for channel in self.channels.values():
            by_tech[channel.tech] = by_tech.get(channel.tech, 0) + 1
            if channel.trunk:
                by_trunk[channel.trunk] = by_trunk.get(channel.trunk, 0) + 1
        return {"total": len(self.channels), "by_tech": by_tech, "by_trunk": by_trunk}

    def _touch_call(self, call: Call) -> None:
        self._dirty_calls[call.callid] = None

    def _touch_agent(self, agent: Agent) -> None:
        self._dirty_agents[agent.interface] = None
        for queue in agent.queues:
            self._dirty_queues[queue] = None

    def _agent_state(self, agent: Agent, now: float) -> str:
        if agent.current_call:
            return "in call"
        if agent.ringing:
            return "ringing"
        status = agent.device_status
        if status in _DEVICE_GONE:
            return "unavailable"
        if agent.queues and all(m.paused for m in agent.queues.values()):
            return "paused"  # paused in only some queues: still takes the others' calls
        if status in _DEVICE_BUSY:
            return "in call"
        if status in _DEVICE_RINGING:
            return "ringing"
        if agent.wrapup_until > now:
            return "wrap-up"
        return "idle"

    @staticmethod
    def _member_state(agent: Agent, member: Membership) -> str:
        """The agent's state as one queue sees it: pause is per queue in app_queue, so a member paused
        here is "paused" on this queue's tile even while another queue can still reach it."""
        if member.paused and not agent.current_call and not agent.ringing and agent.state != "unavailable":
            return "paused"
        return agent.state

    def _refresh_agent(self, agent: Agent, now: float) -> None:
        state = self._agent_state(agent, now)
        if state != agent.state:
            agent.state = state
            agent.state_since = now
        self._touch_agent(agent)

    def _agent(self, interface: str, name: str | None, now: float) -> Agent:
        agent = self.agents.get(interface)
        if agent is None:
            agent = Agent(interface, name or interface, state_since=now)
            self.agents[interface] = agent
        elif name and agent.name != name:
            agent.name = name
        return agent

    def _count(self, call: Call, outcome: str, delta: int) -> None:
        queue = self._queue(call.queue)
        queue.today[outcome] += delta
        queue.today["offered"] += delta
        if outcome == "answered" and call.wait_s is not None and call.wait_s <= queue.service_level_s:
            queue.today["answered_within_sl"] += delta

    def _set_outcome(self, call: Call, outcome: str) -> None:
        if call.outcome == outcome:
            return
        if call.outcome != "waiting":
            self._count(call, call.outcome, -1)
        call.outcome = outcome
        if outcome != "waiting":
            self._count(call, outcome, 1)
        self._touch_call(call)

    def _leave_queue(self, call: Call) -> None:
        if call.in_queue:
            call.in_queue = False
            queue = self.queues.get(call.queue)
            if queue is not None:
                queue.waiting.pop(call.callid, None)
                self._dirty_queues[queue.name] = None
                if call.position:
                    # app_queue moves every caller behind the one who left up by one place
                    # (leave_queue renumbers the entries); no event says so.
                    for callid in queue.waiting:
                        other = self.calls.get(callid)
                        if other is not None and other.position and other.position > call.position:
                            other.position -= 1
                            self._touch_call(other)

    def _stop_ringing(self, call: Call, now: float) -> None:
        for interface in call.ringing:
            agent = self.agents.get(interface)
            if agent is not None:
                agent.ringing.discard(call.callid)
                self._refresh_agent(agent, now)
        call.ringing.clear()

    def _end(self, call: Call, now: float) -> None:
        if call.ended_at is None:
            call.ended_at = now
        if call.state not in ("transferred", "ended"):
            call.state = "ended"
        self._stop_ringing(call, now)
        self._leave_queue(call)
        self._touch_call(call)

    def _finalize(self, call: Call, now: float) -> None:
        """The call is over for good: move it to the history and forget its channels."""
        self._end(call, now)
        if call.outcome == "waiting":
            self._set_outcome(call, "abandoned")
        call.final = True
        self.calls.pop(call.callid, None)
        self.finished.append(call)
        self._forget_channels(call)
        agent = self.agents.get(call.agent_interface or "")
        if agent is not None and agent.current_call == call.callid:
            agent.current_call = None
            self._refresh_agent(agent, now)
        self._touch_call(call)

    def _drop_call(self, call: Call, now: float) -> None:
        """A call that vanished while disconnected: removed without guessing an outcome."""
        self._stop_ringing(call, now)
        self._leave_queue(call)
        self.calls.pop(call.callid, None)
        self._forget_channels(call)
        self._dirty_calls[call.callid] = None

    def _forget_channels(self, call: Call) -> None:
        for channel in (call.channel, call.agent_channel):
            if channel and self._channel_calls.get(channel) == call.callid:
                del self._channel_calls[channel]

    def _call_for_channel(self, channel: str | None) -> Call | None:
        callid = self._channel_calls.get(channel or "")
        return self.calls.get(callid) if callid else None

    def _new_call(self, callid: str, queue: str, channel: str, message: Message, now: float) -> Call:
        old = self.calls.get(callid)
        if old is not None:
            self._finalize(old, now)
        self._seq += 1
        call = Call(
            callid=callid,
            queue=queue,
            channel=channel,
            caller=message.get("CallerIDNum") or "",
            caller_name=message.get("CallerIDName") or "",
            joined_at=now,
            seq=self._seq,
        )
        self.calls[callid] = call
        self._channel_calls[channel] = callid
        self._touch_call(call)
        return call

    # -- queue callers -------------------------------------------------------------------------------
    def _on_join(self, message: Message, now: float) -> None:
        callid = message.get("Uniqueid") or ""
        queue = self._queue(message.get("Queue") or "")
        call = self._new_call(callid, queue.name, message.get("Channel") or "", message, now)
        call.position = _int(message.get("Position"), 0) or None
        queue.waiting[callid] = None

    def _on_entry(self, message: Message, now: float) -> None:
        """A QueueStatus ``QueueEntry``: a caller waiting right now (``Wait`` seconds so far)."""
        callid = message.get("Uniqueid") or ""
        queue = self._queue(message.get("Queue") or "")
        call = self.calls.get(callid)
        if call is None or call.final:
            call = self._new_call(callid, queue.name, message.get("Channel") or "", message, now)
            call.joined_at = now - _int(message.get("Wait"))
        call.position = _int(message.get("Position"), 0) or None
        call.in_queue = True
        queue.waiting[callid] = None
        self._touch_call(call)

    def _on_leave(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        if call is not None:
            self._leave_queue(call)
            self._touch_call(call)

    def _on_abandon(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        if call is None:
            return
        call.wait_s = float(_int(message.get("HoldTime")))
        self._set_outcome(call, "abandoned")
        self._end(call, now)

    def _on_agent_called(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        interface = message.get("Interface") or ""
        agent = self._agent(interface, message.get("MemberName"), now)
        if call is None:
            return
        call.ringing.add(interface)
        if call.state == "waiting":
            call.state = "ringing"
        agent.ringing.add(call.callid)
        self._refresh_agent(agent, now)
        self._touch_call(call)

    def _on_ring_end(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        interface = message.get("Interface") or ""
        agent = self.agents.get(interface)
        if call is not None:
            call.ringing.discard(interface)
            if not call.ringing and call.state == "ringing":
                call.state = "waiting"
            self._touch_call(call)
        if agent is not None and call is not None:
            agent.ringing.discard(call.callid)
            self._refresh_agent(agent, now)

    def _on_connect(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        if call is None:
            return
        interface = message.get("Interface") or ""
        agent = self._agent(interface, message.get("MemberName"), now)
        call.ringing.discard(interface)
        self._stop_ringing(call, now)
        call.agent = agent.name
        call.agent_interface = interface
        call.agent_channel = message.get("DestChannel") or None
        if call.agent_channel:
            self._channel_calls[call.agent_channel] = call.callid
        call.answered_at = now
        call.wait_s = float(_int(message.get("HoldTime")))
        call.state = "talking"
        self._leave_queue(call)
        self._set_outcome(call, "answered")
        agent.ringing.discard(call.callid)
        agent.current_call = call.callid
        agent.answered_today += 1
        self._refresh_agent(agent, now)

    def _on_complete(self, message: Message, now: float) -> None:
        call = self.calls.get(message.get("Uniqueid") or "")
        if call is None:
            return
        call.talk_s = float(_int(message.get("TalkTime")))
        reason = message.get("Reason") or None
        call.ended_by = reason
        if reason == "transfer":
            call.state = "transferred"
        interface = message.get("Interface") or call.agent_interface or ""
        agent = self.agents.get(interface)
        if agent is not None:
            if agent.current_call == call.callid:
                agent.current_call = None
            wrapup = agent.wrapup_s or self._queue(call.queue).wrapup_s
            agent.wrapup_until = now + wrapup if wrapup else 0.0
            self._refresh_agent(agent, now)
        self._finalize(call, now)

    # -- queue members -------------------------------------------------------------------------------
    def _on_member(self, message: Message, now: float) -> None:
        interface = message.get("Interface") or message.get("Location") or ""
        queue_name = message.get("Queue") or ""
        if not interface or not queue_name:
            return
        agent = self._agent(interface, message.get("MemberName") or message.get("Name"), now)
        self._queue(queue_name)
        member = agent.queues.get(queue_name)
        if member is None:
            member = agent.queues[queue_name] = Membership()
        if "Penalty" in message:
            member.penalty = _int(message.get("Penalty"))
        if "Membership" in message:
            member.membership = message.get("Membership") or "static"
        if "Paused" in message:
            was_paused = member.paused
            member.paused = message.get("Paused") == "1"
            member.pause_reason = (message.get("PausedReason") or None) if member.paused else None
            if not member.paused:
                member.paused_since = None
            else:
                # LastPause is when app_queue paused the member: right after a resync too. Without it, a
                # pause already known keeps its start and a new one starts now.
                last_pause = _float(message.get("LastPause"))
                if last_pause:
                    member.paused_since = last_pause
                elif not was_paused or member.paused_since is None:
                    member.paused_since = now
        if "Status" in message:
            agent.device_status = _int(message.get("Status"), 1)
        if "Wrapuptime" in message:
            agent.wrapup_s = _int(message.get("Wrapuptime"))
        self._refresh_agent(agent, now)

    def _on_member_removed(self, message: Message, now: float) -> None:
        interface = message.get("Interface") or ""
        agent = self.agents.get(interface)
        if agent is None:
            return
        queue_name = message.get("Queue") or ""
        agent.queues.pop(queue_name, None)
        self._dirty_queues[queue_name] = None
        if agent.queues or agent.current_call:
            self._refresh_agent(agent, now)
        else:
            del self.agents[interface]
            self._dirty_agents[interface] = None

    def _on_queue_params(self, message: Message, now: float) -> None:
        queue = self._queue(message.get("Queue") or "")
        queue.strategy = message.get("Strategy") or queue.strategy
        if message.get("ServiceLevel") and queue.name not in self.queue_settings:
            queue.service_level_s = _int(message.get("ServiceLevel"), queue.service_level_s)

    # -- channels ------------------------------------------------------------------------------------
    def _on_newchannel(self, message: Message, now: float) -> None:
        name = message.get("Channel") or ""
        uniqueid = message.get("Uniqueid") or name
        tech = name.partition("/")[0]
        self.channels[uniqueid] = _Channel(name, tech, self.trunks.get(channel_device(name)))
        self._dirty_channels = True

    def _on_hangup(self, message: Message, now: float) -> None:
        uniqueid = message.get("Uniqueid") or ""
        if self.channels.pop(uniqueid, None) is not None:
            self._dirty_channels = True
        channel = message.get("Channel") or ""
        self._queue_app.pop(channel, None)
        call = self._call_for_channel(channel)
        if call is None:
            return
        if channel == call.channel:
            if call.outcome == "answered" and call.talk_s is None:
                call.ended_by = call.ended_by or "caller"
                if call.answered_at is not None:
                    call.talk_s = float(round(now - call.answered_at))
            self._finalize(call, now)

    def _on_varset(self, message: Message, now: float) -> None:
        # VarSet is most of the traffic: look at the raw text before parsing anything.
        text = message.text
        if "Variable: QUEUESTATUS\r\n" in text:
            self._on_queuestatus(message, now)
        elif "Variable: QUEUEWAIT\r\n" in text:
            call = self._call_for_channel(message.get("Channel"))
            value = message.get("Value")
            if call is not None and value and call.wait_s is None:
                call.wait_s = float(_int(value))

    def _on_queuestatus(self, message: Message, now: float) -> None:
        outcome = _QUEUESTATUS_OUTCOME.get(message.get("Value") or "")
        channel = message.get("Channel") or ""
        call = self._call_for_channel(channel)
        if outcome is None:
            if call is not None and call.outcome != "answered" and not call.in_queue:
                self._finalize(call, now)
            return
        if outcome == "joinempty":
            queue = self._queue_app.get(channel) or ""
            call = self._new_call(message.get("Uniqueid") or "", queue, channel, message, now)
            call.in_queue = False
            call.wait_s = 0.0
        if call is None:
            return
        self._set_outcome(call, outcome)
        self._finalize(call, now)

    def _on_newexten(self, message: Message, now: float) -> None:
        text = message.text
        if "\r\nApplication: Queue\r\n" in text:
            queue = (message.get("AppData") or "").partition(",")[0]
            self._queue_app[message.get("Channel") or ""] = queue
            return
        if not self._channel_calls:
            return
        call = self._call_for_channel(message.get("Channel"))
        if call is not None and call.exit_digit and not call.in_queue and call.outcome == "waiting":
            # Left the queue application after a digit, unanswered: the exit context took the caller.
            self._set_outcome(call, "exitkey")
            self._finalize(call, now)

    def _on_dtmf(self, message: Message, now: float) -> None:
        call = self._call_for_channel(message.get("Channel"))
        if call is not None and call.in_queue and message.get("Direction") != "Sent":
            call.exit_digit = message.get("Digit") or None

    def _on_hold(self, message: Message, now: float) -> None:
        call = self._call_for_channel(message.get("Channel"))
        if call is not None and call.state == "talking":
            call.state = "on hold"
            self._touch_call(call)

    def _on_unhold(self, message: Message, now: float) -> None:
        call = self._call_for_channel(message.get("Channel"))
        if call is not None and call.state == "on hold":
            call.state = "talking"
            self._touch_call(call)

    def _transferred(self, call: Call, target: str | None) -> None:
        call.transferred_to = target or call.transferred_to
        call.state = "transferred"
        self._touch_call(call)

    def _on_blind_transfer(self, message: Message, now: float) -> None:
        if message.get("Result") not in (None, "Success"):
            return
        call = self._call_for_channel(message.get("TransfererChannel")) or self._call_for_channel(
            message.get("TransfereeChannel")
        )
        if call is not None:
            exten = message.get("Extension") or ""
            self._transferred(call, exten or None)

    def _on_attended_transfer(self, message: Message, now: float) -> None:
        if message.get("Result") not in (None, "Success"):
            return
        call = (
            self._call_for_channel(message.get("OrigTransfererChannel"))
            or self._call_for_channel(message.get("SecondTransfererChannel"))
            or self._call_for_channel(message.get("TransfereeChannel"))
        )
        if call is not None:
            target = (
                message.get("TransferTargetCallerIDNum")
                or message.get("SecondTransfererConnectedLineNum")
                or message.get("SecondTransfererExten")
                or message.get("DestApp")
            )
            self._transferred(call, target)

    # -- resync --------------------------------------------------------------------------------------
    def _rebuild_talking(self, callid: str, caller: Message, peer: Message | None, now: float) -> None:
        queue = (caller.get("ApplicationData") or "").partition(",")[0]
        call = self.calls.get(callid)
        count = False
        if call is None:
            call = self._new_call(callid, queue, caller.get("Channel") or "", caller, now)
            call.joined_at = now - _clock(caller.get("Duration"))
            if callid in self._counted:
                call.outcome = "answered"  # the restored counters include it already
            else:
                count = True
                self._set_outcome(call, "answered")
        call.in_queue = False
        call.state = "talking"
        agent: Agent | None = None
        if peer is not None:
            device = channel_device(peer.get("Channel") or "")
            agent = next((a for a in self.agents.values() if interface_device(a.interface) == device), None)
            call.agent_channel = peer.get("Channel") or None
            if call.agent_channel:
                self._channel_calls[call.agent_channel] = callid
            if call.answered_at is None:
                call.answered_at = now - _clock(peer.get("Duration"))
        if agent is not None:
            call.agent = agent.name
            call.agent_interface = agent.interface
            agent.current_call = callid
            if count:
                agent.answered_today += 1
        self._touch_call(call)
