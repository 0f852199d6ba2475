"""Dialer calls: an Originate to a contact's number, its drawn outcome, and where an answered contact goes."""

from __future__ import annotations

from callcenter.simulator.channels import (
    STATE_BUSY,
    STATE_RINGING,
    STATE_UP,
    Channel,
    snapshot,
)
from callcenter.simulator.engine.constants import (
    DIALER_OUTCOMES,
    REASON_ANSWERED,
    REASON_BUSY,
    REASON_CONGESTION,
    REASON_NO_ANSWER,
)
from callcenter.simulator.engine.direct_call import DirectCalls
from callcenter.simulator.engine.model import LocalCall, OriginateCallback, OriginateRequest
from callcenter.simulator.engine.queue_entry import QueueEntries
from callcenter.simulator.engine.values import parse_float


class Dialer(DirectCalls, QueueEntries):
    """The outcomes of s07 (answer, busy, no answer, congestion) and the answered contact's queue or agent."""

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
                self._forget_local_call(call)
                return
            self._newexten(one, "NoOp", f"Connected lead {one.variables.get('LEAD_ID', '')}")
            self._newexten(one, "Wait", "2", priority=2)
            on_result(True, REASON_ANSWERED, one)
            call.timers.append(self._later(2.0, lambda: self._dialer_lead_done(call)))
        else:
            one.application, one.app_data = request.application, request.data
            hold = parse_float(request.data, 2.0) if request.application.lower() == "wait" else 2.0
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
            talk = parse_float(variables.get("AGENT_TALK", ""), self.rng.uniform(30.0, 180.0))

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
        self._local_call_ended(call)

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
        self._forget_local_call(call)

    def _dialer_no_answer(
        self, call: LocalCall, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        one, two = call.one, call.two
        self._hangup_request(two, 0)
        on_result(False, REASON_NO_ANSWER, None)
        self._hangup(one, 19)
        self._hangup_request(two, 16, soft=True)
        self._hangup(two, 19)
        self._local_call_ended(call)

    def _local_call_ended(self, call: LocalCall) -> None:
        """Both legs hung up: the Local device turns NOT_INUSE twice, as Asterisk reports it, and is forgotten."""
        self._device_state(call.one.device, "NOT_INUSE")
        self._device_state(call.one.device, "NOT_INUSE")
        self._forget_local_call(call)

    def _draw_outcome(self) -> str:
        roll = self.rng.random() * sum(self.outbound_rates.values())
        for outcome in DIALER_OUTCOMES:
            roll -= self.outbound_rates.get(outcome, 0.0)
            if roll < 0:
                return outcome
        return "answer"
