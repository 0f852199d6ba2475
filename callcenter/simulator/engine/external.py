"""An Originate of a PJSIP/SIP/IAX2 channel: one channel, its outcome drawn from the outbound rates."""

from __future__ import annotations

from callcenter.simulator.channels import STATE_DOWN, STATE_RINGING, STATE_UP, UNKNOWN
from callcenter.simulator.engine.constants import (
    REASON_ANSWERED,
    REASON_BUSY,
    REASON_CONGESTION,
    REASON_NO_ANSWER,
)
from callcenter.simulator.engine.dialer import Dialer
from callcenter.simulator.engine.model import LocalCall, OriginateCallback, OriginateRequest
from callcenter.simulator.engine.values import parse_callerid


class ExternalChannels(Dialer):
    """A trunk call: answered ones join the campaign queue or ring an agent as a dialer call does."""

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

    def _end_external(self, call: LocalCall) -> None:
        self._cancel(call.timers)
        self._hangup(call.one, 16)
        self.local_calls.pop(call.one.name, None)
