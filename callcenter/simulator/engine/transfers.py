"""Actions on live calls: Hangup, BlindTransfer, Atxfer and Redirect."""

from __future__ import annotations

from callcenter.simulator.channels import Channel, snapshot
from callcenter.simulator.engine.originate import Originating
from callcenter.simulator.engine.ringing import Ringing
from callcenter.simulator.engine.values import seconds_between


class Transfers(Originating, Ringing):
    """A call ended or moved by an action, from whichever leg it names."""

    def hangup_channel(self, name: str) -> bool:
        """Hangup action: whichever side the channel is, the call ends as if that side hung up."""
        entry = self.entries_by_channel.get(name)
        if entry is not None:
            self.caller_hangup(entry)
            return True
        attempt = self.attempts_by_channel.get(name)
        if attempt is not None:
            if attempt.entry.connected is attempt:
                self._complete(attempt.entry, by_caller=False)
            else:
                self._end_attempt(attempt, "BUSY", log_cancel=False)
                self.kick()
            return True
        call = self.local_calls.get(name)
        if call is not None:
            if call.finish is not None:
                call.finish()
            elif call.kind == "phone":
                self._phone_hangup(call)
            else:
                self._cancel(call.timers)
                for leg in (call.one, call.two):
                    self._hangup(leg, 16)
                self._forget_local_call(call)
            return True
        channel = self.channels.get(name)
        if channel is None:
            return False
        self._hangup(channel, 16)
        return True

    def blind_transfer(self, name: str, exten: str, context: str) -> bool:
        """BlindTransfer of a queue call (from either leg): the caller goes to exten@context."""
        entry = self.entries_by_channel.get(name)
        attempt = self.attempts_by_channel.get(name)
        if entry is None and attempt is not None:
            entry = attempt.entry
        if entry is None or entry.connected is None:
            return False
        transferer = entry.connected.one if attempt is not None else entry.chan
        self.emit(
            "BlindTransfer",
            "call,all",
            [
                ("Result", "Success"),
                *snapshot(transferer, "Transferer"),
                *(entry.bridge.headers() if entry.bridge else []),
                ("IsExternal", "No"),
                ("Context", context),
                ("Extension", exten),
            ],
        )
        self._complete(entry, by_caller=False, transfer=("blind", exten, context))
        self._continue_at(entry.chan, entry.phone, context, exten)
        return True

    def attended_transfer(self, name: str, exten: str, context: str) -> bool:
        """Atxfer by the agent: the caller ends up with the target; queue_log ATTENDEDTRANSFER."""
        attempt = self.attempts_by_channel.get(name)
        if attempt is None or attempt.entry.connected is not attempt:
            return False
        entry = attempt.entry
        # app_queue logs the bridge the caller is moved into: the agent's consultation bridge with the target.
        consultation_bridge = self._bridge_id()
        self._complete(entry, by_caller=False, transfer=("attended", consultation_bridge, context))
        self._continue_at(entry.chan, entry.phone, context, exten)
        return True

    def redirect(self, name: str, context: str, exten: str) -> bool:
        """Redirect: a waiting caller leaves the queue (ABANDON, as app_queue logs it); a connected one ends
        the queue call (COMPLETECALLER) and continues at exten@context."""
        entry = self.entries_by_channel.get(name)
        if entry is not None and entry.connected is None and not entry.done:
            self._close_entry(entry)
            self._stop_ringing(entry, cancelled=True)
            queue, chan = entry.queue, entry.chan
            self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
            wait = seconds_between(entry.joined, self.now())
            position = self._position(entry)
            queue.stats.abandoned += 1
            self.log(chan.uniqueid, queue.name, "NONE", "ABANDON", position, entry.opos, wait)
            self._leave_queue(entry)
            self._forget_entry(entry)
            self._continue_at(chan, entry.phone, context, exten)
            self.kick()
            return True
        if entry is not None and entry.connected is not None:
            chan, phone = entry.chan, entry.phone
            if name == chan.name:
                self._complete(entry, by_caller=True, keep_caller=True)
                self._continue_at(chan, phone, context, exten)
            else:
                self._complete(entry, by_caller=True)
            return True
        if name in self.attempts_by_channel or name in self.local_calls:
            return self.hangup_channel(name)
        return False

    def _continue_at(self, chan: Channel, phone: Channel | None, context: str, exten: str) -> None:
        """Send a surviving caller leg to exten@context: into a queue, or to a short announcement and hangup."""
        if chan.hung_up:
            return
        chan.context, chan.exten, chan.priority = context, exten, 1
        queue = self.queues.get(exten)
        if queue is not None and context in ("queue-entry", ""):
            self.emit("MusicOnHoldStart", "call,all", [*snapshot(chan), ("Class", queue.config.musicclass)])
            self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
            self.enter_queue(
                queue, chan, phone, talk=self.rng.uniform(30, 180), max_wait=120.0, caller_ends_call=False
            )
            return
        self._newexten(chan, "NoOp", f"Transfer target {exten} got {chan.cid_num}")
        self._newexten(chan, "Wait", "4", priority=2)
        # A target that is a member's phone (PJSIP/<exten>) answers: its device is in use meanwhile.
        device = next((member.device for _, member in self._members_on_interface(f"PJSIP/{exten}")), "")
        if device:
            self.device_use[device] = self.device_use.get(device, 0) + 1
            self._device_state(device, "INUSE")
            self._member_status_event(device, avail=True)

        def end() -> None:
            self._end_caller_legs(chan, phone)
            if device:
                self._release_device_name(device)
                self._device_state(device, "NOT_INUSE")
                self._member_status_event(device, avail=True)
                self.kick()

        self._later(4.0, end)
