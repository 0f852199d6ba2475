"""A caller joining a queue: Queue(), JOINEMPTY/FULL, the wait timeout and the leave-when-empty checks."""

from __future__ import annotations

from collections.abc import Callable

from callcenter.simulator.channels import UNKNOWN, Channel, snapshot
from callcenter.simulator.engine.model import Queue, QueueEntry
from callcenter.simulator.engine.queue_leave import QueueLeaving


class QueueEntries(QueueLeaving):
    """Queue() on a caller leg: the caller waits until a member answers or it leaves."""

    def enter_queue(
        self,
        queue: Queue,
        chan: Channel,
        phone: Channel | None,
        *,
        talk: float,
        max_wait: float,
        caller_ends_call: bool | None = None,
        on_unserved: Callable[[Channel], None] | None = None,
    ) -> QueueEntry | None:
        """Queue() on ``chan``: JOINEMPTY / FULL refuse it; otherwise QueueCallerJoin and ringing starts.

        ``on_unserved`` runs the dialplan line after Queue() when no agent took the call (refused, timed out
        or left empty), before the caller's legs hang up.
        """
        config = queue.config
        chan.priority = 4 if chan.context == "queue-entry" else chan.priority
        if chan.context == "queue-entry":
            self._newexten(chan, "Set", f"CDR(userfield)=queue={queue.name}", priority=3)
            self._newexten(chan, "Queue", f"{queue.name},,,,{max_wait:g}", priority=4)
        for name in (
            "ANSWEREDTIME",
            "ANSWEREDTIME_MS",
            "DIALEDTIME",
            "DIALEDTIME_MS",
            "QUEUEWAIT",
            "QUEUEWAIT_MS",
        ):
            self._setvar(chan, name, "")
        status = ""
        if config.joinempty and self._is_empty(queue, config.joinempty):
            status = "JOINEMPTY"
        elif config.maxlen and len(queue.entries) >= config.maxlen:
            status = "FULL"
        if status:
            self._setvar(chan, "QUEUESTATUS", status)
            if on_unserved is not None:
                on_unserved(chan)
            self._after_queue(chan, phone, status)
            return None
        entry = QueueEntry(
            queue=queue,
            chan=chan,
            phone=phone,
            joined=self.now(),
            opos=len(queue.entries) + 1,
            talk=talk,
            max_wait=max_wait,
            caller_ends_call=caller_ends_call,
            on_unserved=on_unserved,
        )
        queue.entries.append(entry)
        self.entries_by_channel[chan.name] = entry
        if phone is not None:
            self.entries_by_channel[phone.name] = entry
        if len(queue.entries) == 1:
            self._device_state(f"Queue:{queue.name}", "RINGING")
        self.emit(
            "QueueCallerJoin",
            "agent,all",
            [
                *snapshot(chan),
                ("Queue", queue.name),
                ("Position", str(entry.opos)),
                ("Count", str(len(queue.entries))),
            ],
        )
        self.log(
            chan.uniqueid,
            queue.name,
            "NONE",
            "ENTERQUEUE",
            "",
            chan.cid_num if chan.cid_num != UNKNOWN else "",
            entry.opos,
        )
        self.emit("MusicOnHoldStart", "call,all", [*snapshot(chan), ("Class", config.musicclass)])
        if max_wait > 0:
            entry.timers.append(self._later(max_wait, lambda: self._exit_entry(entry, "TIMEOUT")))
        if config.leavewhenempty:
            self._schedule_empty_check(entry)
        self.kick()
        return entry

    def _schedule_empty_check(self, entry: QueueEntry) -> None:
        def check() -> None:
            if entry.done or entry.connected is not None:
                return
            if self._is_empty(entry.queue, entry.queue.config.leavewhenempty):
                self._exit_entry(entry, "LEAVEEMPTY")
            else:
                self._schedule_empty_check(entry)

        entry.timers.append(self._later(1.0, check))

    def _is_empty(self, queue: Queue, conditions: frozenset[str]) -> bool:
        """app_queue's get_member_status: is no member left once the listed conditions rule members out?"""
        now = self.now()
        for member in queue.members:
            if "paused" in conditions and member.paused:
                continue
            if "unavailable" in conditions and member.device in self.unavailable_devices:
                continue
            if "inuse" in conditions and self.device_use.get(member.device, 0) > 0:
                continue
            if "wrapup" in conditions and member.wrapup_until > now:
                continue
            return False
        return True
