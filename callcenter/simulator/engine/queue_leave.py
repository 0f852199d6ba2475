"""A caller leaving a queue: its position, the variables Queue() sets, abandon, timeout, a key press."""

from __future__ import annotations

from callcenter.simulator.channels import Channel, snapshot
from callcenter.simulator.engine.channel_events import ChannelEvents
from callcenter.simulator.engine.model import Queue, QueueEntry
from callcenter.simulator.engine.queue_figures import queue_figures
from callcenter.simulator.engine.values import seconds_between


class QueueLeaving(ChannelEvents):
    """The ways out of Queue() and the bookkeeping every way out shares."""

    def _position(self, entry: QueueEntry) -> int:
        return entry.queue.entries.index(entry) + 1

    def _leave_queue(self, entry: QueueEntry) -> int:
        queue = entry.queue
        position = self._position(entry)
        queue.entries.remove(entry)
        if not queue.entries:
            self._device_state(f"Queue:{queue.name}", "NOT_INUSE")
        self.emit(
            "QueueCallerLeave",
            "agent,all",
            [
                *snapshot(entry.chan),
                ("Queue", queue.name),
                ("Position", str(position)),
                ("Count", str(len(queue.entries))),
            ],
        )
        self._setvar(entry.chan, "QUEUEPOSITION", str(position))
        return position

    def _forget_entry(self, entry: QueueEntry) -> None:
        self.entries_by_channel.pop(entry.chan.name, None)
        if entry.phone is not None:
            self.entries_by_channel.pop(entry.phone.name, None)

    def _queue_vars(self, channel: Channel, queue: Queue) -> None:
        if not (self.varset and queue.config.setqueuevar):
            return
        for figure in queue_figures(queue):
            self._setvar(channel, figure.variable, figure.value)

    def _dial_time_vars(self, entry: QueueEntry, *, answered: bool) -> None:
        """QUEUEWAIT / DIALEDTIME / ANSWEREDTIME as app_queue sets them when Queue() ends."""
        now = self.now()
        dialed = now - entry.chan.created
        answered_for = now - entry.connect_time if answered else 0.0
        pairs = [
            ("ANSWEREDTIME", str(int(answered_for))),
            ("ANSWEREDTIME_MS", str(int(answered_for * 1000))),
            ("DIALEDTIME", str(int(dialed))),
            ("DIALEDTIME_MS", str(int(dialed * 1000))),
        ]
        if not answered:
            wait = now - entry.joined
            pairs = [
                ("QUEUEWAIT", str(int(wait))),
                ("QUEUEWAIT_MS", str(int(wait * 1000))),
                *pairs[2:],
                *pairs[:2],
            ]
        for name, value in pairs:
            self._setvar(entry.chan, name, value)

    def _stop_ringing(self, entry: QueueEntry, *, cancelled: bool) -> None:
        for attempt in list(entry.attempts):
            self._end_attempt(attempt, "CANCEL", log_cancel=cancelled)
        entry.attempts.clear()

    def caller_hangup(self, entry: QueueEntry) -> None:
        """The caller's phone hangs up: abandon while waiting, COMPLETECALLER once connected."""
        if entry.done:
            return
        if entry.connected is not None:
            self._complete(entry, by_caller=True)
            return
        self._close_entry(entry)
        chan, phone, queue = entry.chan, entry.phone, entry.queue
        self._hangup_request(chan, 0)
        if phone is not None:
            self._hangup(phone, 0)
            self._device_state(chan.device, "NOT_INUSE")
        self._stop_ringing(entry, cancelled=True)
        self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
        wait = seconds_between(entry.joined, self.now())
        position = self._position(entry)
        self._dial_time_vars(entry, answered=False)
        self._record_abandoned(entry, wait)
        self.log(chan.uniqueid, queue.name, "NONE", "ABANDON", position, entry.opos, wait)
        self._queue_vars(chan, queue)
        self._leave_queue(entry)
        self._hangup_request(chan, 16, soft=True)
        self._hangup(chan, 0)
        self._device_state(chan.device, "NOT_INUSE")
        self._forget_entry(entry)
        self.kick()

    def _record_abandoned(self, entry: QueueEntry, wait: int) -> None:
        """app_queue's record_abandoned: ABANDONED, the queue's counters and QueueCallerAbandon."""
        chan, queue = entry.chan, entry.queue
        self._setvar(chan, "ABANDONED", "TRUE")
        self._queue_vars(chan, queue)
        queue.stats.abandoned += 1
        if wait <= queue.config.servicelevel:
            queue.stats.abandoned_in_sl += 1
        self.emit(
            "QueueCallerAbandon",
            "agent,all",
            [
                *snapshot(chan),
                ("Queue", queue.name),
                ("Position", str(self._position(entry))),
                ("OriginalPosition", str(entry.opos)),
                ("HoldTime", str(wait)),
            ],
        )

    def press_key(self, entry: QueueEntry, digit: str) -> bool:
        """A DTMF digit from a waiting caller: EXITWITHKEY when the queue has a context with that extension."""
        if entry.done or entry.connected is not None or not entry.queue.config.context:
            return False
        self._exit_entry(entry, "EXITWITHKEY", key=digit)
        return True

    def _exit_entry(self, entry: QueueEntry, reason: str, *, key: str = "") -> None:
        """Leave the queue without an agent: TIMEOUT, LEAVEEMPTY or a key press."""
        if entry.done or entry.connected is not None:
            return
        self._close_entry(entry)
        self._stop_ringing(entry, cancelled=False)
        chan, queue = entry.chan, entry.queue
        self.emit("MusicOnHoldStop", "call,all", snapshot(chan))
        wait = seconds_between(entry.joined, self.now())
        if reason in ("TIMEOUT", "LEAVEEMPTY"):
            # app_queue's record_abandoned: a caller the queue gave up on counts as abandoned too.
            self._record_abandoned(entry, wait)
        position = self._leave_queue(entry)
        if reason == "TIMEOUT":
            self.log(chan.uniqueid, queue.name, "NONE", "EXITWITHTIMEOUT", position, entry.opos, wait)
        elif reason == "LEAVEEMPTY":
            self.log(chan.uniqueid, queue.name, "NONE", "EXITEMPTY", position, entry.opos, wait)
        else:
            self.log(chan.uniqueid, queue.name, "NONE", "EXITWITHKEY", key, position, entry.opos, wait)
        self._forget_entry(entry)
        self._setvar(chan, "QUEUESTATUS", reason if reason != "EXITWITHKEY" else "")
        if reason == "EXITWITHKEY":
            chan.context, chan.exten = queue.config.context, key
            self._newexten(chan, "NoOp", f"Caller pressed {key} in queue {queue.name}", priority=1)
            self._newexten(chan, "Hangup", "", priority=2)
            self._end_caller_legs(chan, entry.phone)
        else:
            if entry.on_unserved is not None:
                entry.on_unserved(chan)
            self._after_queue(chan, entry.phone, reason)
        self.kick()

    def _after_queue(self, chan: Channel, phone: Channel | None, status: str) -> None:
        """The dialplan after Queue() returns (queue-entry: NoOp(QUEUESTATUS=...), Hangup)."""
        self.entries_by_channel.pop(chan.name, None)
        if phone is not None:
            self.entries_by_channel.pop(phone.name, None)
        if chan.context == "queue-entry":
            self._newexten(chan, "NoOp", f"QUEUESTATUS={status}", priority=5)
            self._newexten(chan, "Hangup", "", priority=6)
        self._end_caller_legs(chan, phone)

    def _hang_up_caller(self, chan: Channel, phone: Channel | None) -> None:
        """The caller's legs hang up as the dialplan's Hangup() ends them: the queue-entry leg first."""
        self._hangup_request(chan, 16, soft=True)
        if phone is not None:
            self._hangup_request(phone, 16)
        self._hangup(chan, 16)
        if phone is not None:
            self._hangup(phone, 16)

    def _end_caller_legs(self, chan: Channel, phone: Channel | None) -> None:
        self._hang_up_caller(chan, phone)
        self._device_state(chan.device, "NOT_INUSE")
        if phone is not None:
            self._device_state(chan.device, "NOT_INUSE")
        self.local_calls.pop(chan.name, None)
        if phone is not None:
            self.local_calls.pop(phone.name, None)
