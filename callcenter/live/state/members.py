"""Queue members: status, pause, penalty, added and removed; queue parameters."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state.core import StateCore
from callcenter.live.state.fields import to_float, to_int
from callcenter.live.state.model import Membership


class MemberEvents(StateCore):
    """The handlers of queue member and queue parameter events (each states a member's whole state)."""

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
            member.penalty = to_int(message.get("Penalty"))
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
                last_pause = to_float(message.get("LastPause"))
                if last_pause:
                    member.paused_since = last_pause
                elif not was_paused or member.paused_since is None:
                    member.paused_since = now
        if "Status" in message:
            agent.device_status = to_int(message.get("Status"), 1)
        if "Wrapuptime" in message:
            agent.wrapup_s = to_int(message.get("Wrapuptime"))
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
            queue.service_level_s = to_int(message.get("ServiceLevel"), queue.service_level_s)
