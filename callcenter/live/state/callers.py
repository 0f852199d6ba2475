"""Queue callers: join, leave, abandon, ringing agents, answer and completion (app_queue's events)."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state.core import StateCore
from callcenter.live.state.fields import to_int


class CallerEvents(StateCore):
    """The handlers of a queue call's events (keyed by the caller's Uniqueid)."""

    def _on_join(self, message: Message, now: float) -> None:
        callid = message.get("Uniqueid") or ""
        queue = self._queue(message.get("Queue") or "")
        call = self._new_call(callid, queue.name, message.get("Channel") or "", message, now)
        call.position = to_int(message.get("Position"), 0) or None
        queue.waiting[callid] = None

    def _on_entry(self, message: Message, now: float) -> None:
        """A QueueStatus ``QueueEntry``: a caller waiting right now (``Wait`` seconds so far)."""
        callid = message.get("Uniqueid") or ""
        queue = self._queue(message.get("Queue") or "")
        call = self.calls.get(callid)
        if call is None or call.final:
            call = self._new_call(callid, queue.name, message.get("Channel") or "", message, now)
            call.joined_at = now - to_int(message.get("Wait"))
        call.position = to_int(message.get("Position"), 0) or None
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
        call.wait_s = float(to_int(message.get("HoldTime")))
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
        call.wait_s = float(to_int(message.get("HoldTime")))
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
        call.talk_s = float(to_int(message.get("TalkTime")))
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
