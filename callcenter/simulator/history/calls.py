"""What callers and agents do to past calls beyond the live workload: callbacks, transfers, recordings."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.engine import Engine, QueueEntry, QueueMember
from callcenter.simulator.history.options import HistoryOptions, HistoryResult, RecordedCall


class PastCalls:
    """Follows queue_log and completed calls: CALLBACKREQUEST, blind transfers and RECORDING lines."""

    def __init__(
        self, engine: Engine, clock: ManualClock, options: HistoryOptions, rng: random.Random
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.options = options
        self.rng = rng
        self.zone = zoneinfo.ZoneInfo(options.timezone)
        self.result = HistoryResult()
        engine.queue_log_listeners.append(self._on_line)
        engine.completion_listeners.append(self._on_complete)

    def _entry(self, callid: str) -> QueueEntry | None:
        return next(
            (entry for entry in self.engine.entries_by_channel.values() if entry.chan.uniqueid == callid),
            None,
        )

    def _on_line(self, line: str) -> None:
        self.result.lines += 1
        fields = line.split("|")
        callid, queue, verb = fields[1], fields[2], fields[4]
        if verb == "ENTERQUEUE":
            self.result.calls += 1
            if queue in self.options.callback_queues:
                # The callback offer is played to callers still waiting after a while; some take it.
                self.clock.call_later(self.rng.uniform(10.0, 30.0), lambda: self._ask_callback(callid))
        elif (
            verb == "CONNECT"
            and queue in self.options.transfer_targets
            and self.rng.random() < self.options.transfer_share
        ):
            target = self.options.transfer_targets[queue]
            self.clock.call_later(self.rng.uniform(20.0, 90.0), lambda: self._transfer(callid, target))

    def _ask_callback(self, callid: str) -> None:
        entry = self._entry(callid)
        if entry is None or entry.done or entry.connected is not None:
            return
        if self.rng.random() >= self.options.callback_share:
            return
        position = entry.queue.entries.index(entry) + 1
        queue = entry.queue.name
        if not self.engine.press_key(entry, "1"):
            return
        number = f"79{self.rng.randrange(10**8, 10**9)}"

        # The caller types the number to call back on (Read() in cc-callback), then the line is logged.
        def request() -> None:
            self.engine.log(callid, queue, "NONE", "CALLBACKREQUEST", number, position)

        self.clock.call_later(self.rng.uniform(8.0, 15.0), request)

    def _transfer(self, callid: str, target: str) -> None:
        entry = self._entry(callid)
        if entry is None or entry.done or entry.connected is None:
            return
        self.engine.blind_transfer(entry.chan.name, target, "queue-entry")

    def _on_complete(self, entry: QueueEntry, member: QueueMember, reason: str) -> None:
        queue = entry.queue.name
        if queue not in self.options.recorded_queues or not entry.connect_time:
            return
        joined = dt.datetime.fromtimestamp(entry.joined, tz=self.zone)
        callid = entry.chan.uniqueid
        path = self.options.recordings_dir / queue / joined.strftime("%Y/%m/%d") / f"{queue}-{callid}.wav"
        talk = max(0, int(self.engine.now()) - int(entry.connect_time))
        self.result.recordings.append(RecordedCall(callid, queue, path, talk))
        # The hangup handler's line: the member name app_queue set in MEMBERNAME, the file MixMonitor wrote.
        self.engine.log(callid, queue, member.name, "RECORDING", path)

    def hang_up_all(self) -> None:
        """Hang up what is still going on, at the end time."""
        for entry in list(self.engine.entries_by_channel.values()):
            if not entry.done:
                self.engine.hangup_channel(entry.chan.name)
        self.clock.advance(0)
