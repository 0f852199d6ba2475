"""The resync: rebuild the picture from ``QueueStatus`` and ``CoreShowChannels`` after a (re)connect or
a reload, correct whatever went stale, and count the corrections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from callcenter.ami.protocol import Message
from callcenter.live.state.callers import CallerEvents
from callcenter.live.state.channels import ChannelEvents
from callcenter.live.state.fields import clock
from callcenter.live.state.members import MemberEvents
from callcenter.live.state.model import Agent, channel_device, interface_device

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


class Resync(CallerEvents, MemberEvents, ChannelEvents):
    """``resync`` over the event handlers it replays the lists through."""

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

    def _rebuild_talking(self, callid: str, caller: Message, peer: Message | None, now: float) -> None:
        queue = (caller.get("ApplicationData") or "").partition(",")[0]
        call = self.calls.get(callid)
        count = False
        if call is None:
            call = self._new_call(callid, queue, caller.get("Channel") or "", caller, now)
            call.joined_at = now - clock(caller.get("Duration"))
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
                call.answered_at = now - clock(peer.get("Duration"))
        if agent is not None:
            call.agent = agent.name
            call.agent_interface = agent.interface
            agent.current_call = callid
            if count:
                agent.answered_today += 1
        self._touch_call(call)
