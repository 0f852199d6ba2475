"""The Originate action: queue callers, phones (and ChanSpy), dialer targets and external channels."""

from __future__ import annotations

from callcenter.simulator.channels import STATE_UP, UNKNOWN, Channel, Headers
from callcenter.simulator.engine.constants import (
    DIALER_OUTCOMES,
    PHONE_NUMBER,
    REASON_ANSWERED,
    REASON_NO_SUCH_EXTEN,
)
from callcenter.simulator.engine.external import ExternalChannels
from callcenter.simulator.engine.model import LocalCall, OriginateCallback, OriginateRequest
from callcenter.simulator.engine.values import parse_callerid, parse_float


class Originating(ExternalChannels):
    """Originate, answered or failed as the recordings show (s01, s06, s07)."""

    def originate(
        self, request: OriginateRequest, on_result: OriginateCallback | None = None, *, is_async: bool = True
    ) -> None:
        """Start an Originate; ``on_result(success, reason, channel)`` fires when it is answered or fails.

        An async Originate also broadcasts OriginateResponse at that moment (completion order, as in s07).
        """
        reported = False

        def finished(success: bool, reason: int, channel: Channel | None) -> None:
            nonlocal reported
            if reported:
                return
            reported = True
            if is_async:
                self._originate_response(request, success, reason, channel)
            if on_result is not None:
                on_result(success, reason, channel)

        self._originate(request, finished)

    def _originate(self, request: OriginateRequest, on_result: OriginateCallback) -> None:
        if not request.channel.startswith("Local/"):
            self._originate_external(request, on_result)
            return
        target, _, _ = request.channel[len("Local/") :].partition("/")
        exten, _, context = target.partition("@")
        kind = self._target_kind(context, exten, request)
        one, two = self._new_local_pair(exten, context)
        one.role = two.role = "originate"
        num, name = parse_callerid(request.callerid) if request.callerid else (UNKNOWN, UNKNOWN)
        self._newexten(one, "AppDial2", "(Outgoing Line)")
        if kind == "noexten":
            self._local_setup_vars(one, two, num, name, request.variables)
            self._hangup(two, 0)
            self._originate_failed(request, REASON_NO_SUCH_EXTEN, on_result)
            self._hangup(one, 0)
            self._device_state(one.device, "INVALID")
            self._device_state(one.device, "INVALID")
            return
        self._local_setup_vars(one, two, num, name, request.variables)
        self._local_bridge(one, two, optimization=True)
        self._dial_begin(None, one, f"{exten}@{context}")
        if kind == "queue":
            self._originate_queue_caller(one, two, request, on_result)
        elif kind == "phone":
            self._originate_phone(one, two, request, on_result)
        else:
            outcome = kind if kind in DIALER_OUTCOMES else self._draw_outcome()
            self._originate_dialer(one, two, request, outcome, on_result)

    def _target_kind(self, context: str, exten: str, request: OriginateRequest) -> str:
        if context == "queue-entry":
            return "queue" if exten in self.queues else "noexten"
        if request.application.lower() == "chanspy" or context in ("supervisor", "agents", "phones"):
            return "phone"
        if exten in DIALER_OUTCOMES:
            return exten
        if PHONE_NUMBER.match(exten):
            return "drawn"
        return "noexten"

    def _local_setup_vars(
        self, one: Channel, two: Channel, num: str, name: str, variables: list[tuple[str, str]]
    ) -> None:
        for key, value in reversed(variables):
            self._setvar(one, key, value)
        self._set_caller(one, num, name, connected=False)
        self._new_callerid(one)
        one.conn_num, one.conn_name = num, name
        self._new_connected_line(one)
        for key, value in variables:
            self._setvar(two, key, value)
        self._set_caller(two, num, name, connected=True)
        self._new_callerid(two)
        self._new_connected_line(two)

    def _originate_response(
        self, request: OriginateRequest, success: bool, reason: int, channel: Channel | None
    ) -> None:
        headers: Headers = [("ActionID", request.action_id)] if request.action_id else []
        headers += [
            ("Response", "Success" if success else "Failure"),
            ("Channel", channel.name if (success and channel) else request.channel),
        ]
        if request.application:
            headers += [("Application", request.application), ("Data", request.data)]
        else:
            headers += [("Context", request.context), ("Exten", request.exten)]
        num, name = parse_callerid(request.callerid) if request.callerid else (UNKNOWN, UNKNOWN)
        headers += [
            ("Reason", str(reason)),
            ("Uniqueid", channel.uniqueid if (success and channel) else UNKNOWN),
            ("CallerIDNum", num),
            ("CallerIDName", name),
        ]
        self.emit("OriginateResponse", "call,all", headers)

    def _originate_failed(self, request: OriginateRequest, reason: int, on_result: OriginateCallback) -> None:
        on_result(False, reason, None)

    def _originate_queue_caller(
        self, one: Channel, two: Channel, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        queue = self.queues[two.exten]
        self._newexten(two, "NoOp", f'Inbound caller "{two.cid_name}" <{two.cid_num}> -> queue {queue.name}')
        self._newexten(two, "Answer", "", priority=2)
        self._newstate(two, STATE_UP)
        self._newstate(one, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._device_state(one.device, "INUSE")
        self._dial_end(None, one, "ANSWER")
        on_result(True, REASON_ANSWERED, one)
        one.application, one.app_data = request.application or "Wait", request.data
        patience = parse_float(request.data, 0.0) if (request.application or "").lower() == "wait" else 0.0
        max_wait = parse_float(two.variables.get("QTIMEOUT", ""), 120.0)
        talk = (
            request.talk
            if request.talk is not None
            else parse_float(two.variables.get("AGENT_TALK", ""), 30.0)
        )
        entry = self.enter_queue(
            queue, two, one, talk=talk, max_wait=max_wait, caller_ends_call=request.caller_ends_call
        )
        if entry is None:
            return
        if request.patience_waiting is not None:
            waiting_entry = entry

            def give_up() -> None:
                if waiting_entry.connected is None:
                    self.caller_hangup(waiting_entry)

            entry.timers.append(self._later(request.patience_waiting, give_up))
        elif patience > 0:
            # The phone leg runs Wait(patience) and hangs up whatever the queue is doing (s01).
            entry.phone_timer = self._later(patience, lambda: self.caller_hangup(entry))

    def _originate_phone(
        self, one: Channel, two: Channel, request: OriginateRequest, on_result: OriginateCallback
    ) -> None:
        call = LocalCall(one=one, two=two, kind="phone")
        self.local_calls[one.name] = self.local_calls[two.name] = call
        self._newexten(
            two, "NoOp", "Supervisor phone" if two.context == "supervisor" else f"Phone {two.exten}"
        )
        self._newexten(two, "Answer", "", priority=2)
        self._newstate(two, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._newstate(one, STATE_UP)
        self._device_state(one.device, "INUSE")
        self._dial_end(None, one, "ANSWER")
        one.application, one.app_data = request.application, request.data
        on_result(True, REASON_ANSWERED, one)
        hold = parse_float(two.variables.get("SUP_HOLD", ""), 6.0 if two.context == "supervisor" else 3600.0)
        if request.application.lower() == "chanspy":
            self._spy_start(call, request.data)
        self._newexten(two, "Wait", f"{hold:g}", priority=3)
        call.timers.append(self._later(hold, lambda: self._phone_hangup(call)))

    def _phone_hangup(self, call: LocalCall) -> None:
        one, two = call.one, call.two
        if one.hung_up:
            return
        self._cancel(call.timers)
        self._newexten(two, "Hangup", "", priority=4)
        self._hangup_request(two, 16, soft=True)
        self._hangup_request(one, 16)
        self._hangup(two, 16)
        self._device_state(one.device, "NOT_INUSE")
        if call.spy is not None:
            self._spy_stop(call.spy)
        self._hangup(one, 16)
        self._device_state(one.device, "NOT_INUSE")
        self._forget_local_call(call)
