"""The reducer's output: the delta of what changed, the full snapshot, and the restore of today's
counters from a stored snapshot (the JSON shape: callcenter.live.messages, docs/ami.md)."""

from __future__ import annotations

from callcenter.live.messages import CallView, ChannelsView, Delta, QueueView, Snapshot, WaitingCaller
from callcenter.live.state.agents import member_state
from callcenter.live.state.core import StateCore
from callcenter.live.state.model import AGENT_STATES, SNAPSHOT_VERSION, QueueLive


class SnapshotViews(StateCore):
    """``take_delta``, ``snapshot`` and ``restore``."""

    def take_delta(self, now: float) -> Delta:
        """What changed since the last call (``Delta``: calls, agents and queues, None for one removed;
        channels and endpoints only when they changed); empty dicts when idle."""
        for iface in self._dirty_agents:
            self.endpoints.touch_member(iface)  # a phone's alarm depends on its agent being logged in
        endpoints = self.endpoints.take_delta(self.trunks, self.agents.keys())
        delta: Delta = {
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
    def delta_is_empty(delta: Delta) -> bool:
        return not (
            delta["calls"]
            or delta["agents"]
            or delta["queues"]
            or "channels" in delta
            or "endpoints" in delta
        )

    def snapshot(self, now: float) -> Snapshot:
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

    def restore(self, snapshot: Snapshot, now: float) -> None:
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
        for name, stored_queue in (snapshot.get("queues") or {}).items():
            queue = self._queue(name)
            for counter, value in (stored_queue.get("today") or {}).items():
                if counter in queue.today:
                    queue.today[counter] = int(value)
        for interface, stored_agent in (snapshot.get("agents") or {}).items():
            agent = self._agent(interface, stored_agent.get("name"), now)
            agent.answered_today = int(stored_agent.get("answered_today") or 0)

    # -- views ---------------------------------------------------------------------------------------
    def _call_dict(self, callid: str, now: float) -> CallView | None:
        call = self.calls.get(callid)
        if call is None:
            for finished in reversed(self.finished):
                if finished.callid == callid:
                    return finished.to_dict(now)
            return None
        return call.to_dict(now)

    def _queue_dict(self, queue: QueueLive, now: float) -> QueueView:
        waiting: list[WaitingCaller] = []
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
            by_state[member_state(agent, member)] += 1
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

    def _channels_dict(self) -> ChannelsView:
        by_tech: dict[str, int] = {}
        by_trunk: dict[str, int] = {}
        for channel in self.channels.values():
            by_tech[channel.tech] = by_tech.get(channel.tech, 0) + 1
            if channel.trunk:
                by_trunk[channel.trunk] = by_trunk.get(channel.trunk, 0) + 1
        return {"total": len(self.channels), "by_tech": by_tech, "by_trunk": by_trunk}
