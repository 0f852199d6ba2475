"""The reducer's state and the steps every event family shares: finding or creating a queue, an agent or
a call, marking what changed for the next delta, counting outcomes, ending and finalizing calls, agent
states, the local day of the daily counters."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping

from callcenter.ami.protocol import Message
from callcenter.live.endpoints import EndpointState
from callcenter.live.state.agents import agent_state
from callcenter.live.state.model import (
    Agent,
    Call,
    Channel,
    QueueLive,
    new_counters,
)

Handler = Callable[[Message, float], None]


class StateCore:
    """The reducer's data and shared steps; the event families and views are mixins over it."""

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
        self.channels: dict[str, Channel] = {}
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
        # PJSIP trunks and phones (registration, contacts and qualify): callcenter.live.endpoints.
        self.endpoints = EndpointState()
        self._handlers: dict[str, Handler] = self._event_handlers()

    def _event_handlers(self) -> dict[str, Handler]:
        """The handler of each AMI event name ``apply`` folds in (the reducer names them all)."""
        return {}

    def snapshot_day(self) -> str | None:
        """The local day the daily counters belong to (ISO date)."""
        return self._day.isoformat() if self._day else None

    def all_calls(self) -> list[Call]:
        """Finished (as far as the history keeps them) and active calls, in the order they started."""
        return sorted([*self.finished, *self.calls.values()], key=lambda call: call.seq)

    # -- shared steps --------------------------------------------------------------------------------
    def _roll_day(self, now: float) -> None:
        local = dt.datetime.fromtimestamp(now, self.tz)
        day = local.date()
        if self._day is not None and day != self._day:
            for queue in self.queues.values():
                queue.today = new_counters()
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

    def _touch_call(self, call: Call) -> None:
        self._dirty_calls[call.callid] = None

    def _touch_agent(self, agent: Agent) -> None:
        self._dirty_agents[agent.interface] = None
        for queue in agent.queues:
            self._dirty_queues[queue] = None

    def _refresh_agent(self, agent: Agent, now: float) -> None:
        state = agent_state(agent, now)
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
