"""Channels and what happens on them: creation and hangup, QUEUESTATUS and QUEUEWAIT, the exit key,
hold, blind and attended transfers."""

from __future__ import annotations

from callcenter.ami.protocol import Message
from callcenter.live.state.core import StateCore
from callcenter.live.state.fields import to_int
from callcenter.live.state.model import Call, Channel, channel_device

_QUEUESTATUS_OUTCOME = {
    "TIMEOUT": "timeout",
    "LEAVEEMPTY": "exitempty",
    "LEAVEUNAVAIL": "exitempty",
    "JOINEMPTY": "joinempty",
    "JOINUNAVAIL": "joinempty",
    "FULL": "joinempty",
}


class ChannelEvents(StateCore):
    """The handlers of channel events (calls found by their caller's or agent's channel)."""

    def _on_newchannel(self, message: Message, now: float) -> None:
        name = message.get("Channel") or ""
        uniqueid = message.get("Uniqueid") or name
        tech = name.partition("/")[0]
        self.channels[uniqueid] = Channel(name, tech, self.trunks.get(channel_device(name)))
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
                call.wait_s = float(to_int(value))

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
