"""Past traffic: the simulator's engine and workload run on a manual clock over days gone by.

``write_history`` drives the same Engine and Workload as a live run, so the queue_log lines are the ones the
simulator writes live (same verbs, same formats), only as fast as the CPU allows. On top of the live
workload it models what a center's days look like: callers arrive in working hours only (weekends quieter
and shorter), agents log in to their dynamic queues at the start of their shift and out at its end
(ADDMEMBER/REMOVEMEMBER), a share of answered calls are blind-transferred to another queue, a share of
waiting callers in queues with a callback menu press 1 and leave their number (EXITWITHKEY, then
CALLBACKREQUEST as dialplans/callback.conf logs it), and every call an agent took in a recorded queue gets
its RECORDING line (dialplans/recording.conf), for which a caller supplies the audio file.

Calls still going on at the end are hung up at the end, and every agent still logged in logs out, so the
history leaves no open call and no open session behind.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.engine import Engine, EngineError, QueueEntry, QueueMember
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.simulator.workload import Workload, WorkloadOptions


@dataclass(frozen=True)
class ShiftMember:
    """One dynamic membership an agent logs in to at the start of each shift."""

    queue: str
    interface: str
    member_name: str
    penalty: int
    state_interface: str


@dataclass(frozen=True)
class RecordedCall:
    """A call an agent took in a recorded queue: its RECORDING line names ``path``."""

    callid: str
    queue: str
    path: Path
    talk_s: int


@dataclass
class HistoryOptions:
    """The shape of the past days; every draw comes from one seeded generator."""

    timezone: str = "Europe/Moscow"
    # Peak arrivals per hour on a weekday; weekends get ``weekend_share`` of it.
    calls_per_hour: float = 200.0
    weekend_share: float = 0.4
    # Relative share of the callers per queue (missing: 1.0).
    queue_weights: dict[str, float] = field(default_factory=dict)
    # Local shift hours (start, end), per kind of day; callers arrive only while the shift is on.
    weekday_hours: tuple[int, int] = (8, 20)
    weekend_hours: tuple[int, int] = (9, 18)
    # Interfaces on duty at weekends (empty: everyone).
    weekend_interfaces: frozenset[str] = frozenset()
    # Minutes an agent logs in around the shift's start (early, late) and out after its end.
    login_spread_min: tuple[float, float] = (-10.0, 15.0)
    logout_spread_min: tuple[float, float] = (0.0, 20.0)
    transfer_share: float = 0.04
    # queue -> the queue its agents transfer callers to.
    transfer_targets: dict[str, str] = field(default_factory=dict)
    # Of the callers still waiting when the offer is played, the share who press 1.
    callback_share: float = 0.3
    callback_queues: frozenset[str] = frozenset()
    recorded_queues: frozenset[str] = frozenset()
    recordings_dir: Path = Path("/var/spool/asterisk/monitor/callcenter")


@dataclass
class HistoryResult:
    lines: int = 0
    calls: int = 0
    recordings: list[RecordedCall] = field(default_factory=list)


class _PastWorkload(Workload):
    """The live workload, with arrivals only in working hours (fewer at weekends)."""

    def __init__(self, engine: Engine, options: WorkloadOptions, history: HistoryOptions, seed: int) -> None:
        super().__init__(engine, options, seed=seed)
        self.history = history

    def rate_per_second(self, epoch: float) -> float:
        local = dt.datetime.fromtimestamp(epoch, tz=self.zone)
        weekend = local.weekday() >= 5
        start, end = self.history.weekend_hours if weekend else self.history.weekday_hours
        if not start <= local.hour < end:
            return 0.0
        share = self.history.weekend_share if weekend else 1.0
        return super().rate_per_second(epoch) * share

    def _agent_activity(self, device: str, activity: str, mean: float) -> None:
        # Off shift (no membership) the break waits for the next shift, without a try every minute all night.
        if self.running and not any(
            member.device == device for queue in self.engine.queues.values() for member in queue.members
        ):
            self._later(1800.0, lambda: self._agent_activity(device, activity, mean))
            return
        super()._agent_activity(device, activity, mean)

    def start_for(self, devices: list[str]) -> None:
        """Start arrivals and the agents' breaks, lunches and phone drops (agents not yet logged in)."""
        self.running = True
        self.engine.outbound_rates = dict(self.options.outbound_rates)
        self.engine.answer_delay = self._answer_delay
        self.engine.completion_listeners.append(self._on_complete)
        self._schedule_arrival()
        for device in devices:
            self._schedule_agent(device, "break", self.options.break_every)
            self._schedule_agent(device, "lunch", self.options.lunch_every)
            self._schedule_agent(device, "logout", self.options.logout_every)


def _device(member: ShiftMember) -> str:
    base = member.state_interface
    return base[:-2] if base.startswith("Local/") and base.endswith("/n") else base


class _History:
    def __init__(
        self,
        engine: Engine,
        clock: ManualClock,
        members: list[ShiftMember],
        options: HistoryOptions,
        seed: int,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.members = members
        self.options = options
        self.rng = random.Random(seed + 7)  # noqa: S311 - simulation draws, not security
        self.zone = zoneinfo.ZoneInfo(options.timezone)
        self.result = HistoryResult()
        engine.queue_log_listeners.append(self._on_line)
        engine.completion_listeners.append(self._on_complete)

    # -------------------------------------------------------------- shifts
    def plan_shifts(self, start: dt.datetime, end: dt.datetime) -> None:
        by_interface: dict[str, list[ShiftMember]] = {}
        for member in self.members:
            by_interface.setdefault(member.interface, []).append(member)
        day = start.astimezone(self.zone).date()
        while day <= end.astimezone(self.zone).date():
            weekend = day.weekday() >= 5
            first, last = self.options.weekend_hours if weekend else self.options.weekday_hours
            for interface, memberships in by_interface.items():
                if (
                    weekend
                    and self.options.weekend_interfaces
                    and interface not in self.options.weekend_interfaces
                ):
                    continue
                login = self._at(day, first, self.rng.uniform(*self.options.login_spread_min))
                logout = self._at(day, last, self.rng.uniform(*self.options.logout_spread_min))
                self._plan(login, functools.partial(self._log_in, memberships))
                self._plan(logout, functools.partial(self._log_out, memberships))
            day += dt.timedelta(days=1)

    def _at(self, day: dt.date, hour: int, minutes: float) -> float:
        local = dt.datetime.combine(day, dt.time(hour), tzinfo=self.zone)
        return local.timestamp() + minutes * 60.0

    def _plan(self, epoch: float, callback: Callable[[], None]) -> None:
        delay = epoch - self.clock.now()
        if delay >= 0:
            self.clock.call_later(delay, callback)

    def _log_in(self, memberships: list[ShiftMember]) -> None:
        for member in memberships:
            try:
                self.engine.add_member(
                    member.queue,
                    member.interface,
                    name=member.member_name,
                    penalty=member.penalty,
                    paused=False,
                    reason="",
                    state_interface=member.state_interface,
                )
            except EngineError:
                continue  # already logged in (a shift planned across the end of the previous one)

    def _log_out(self, memberships: list[ShiftMember]) -> None:
        device = _device(memberships[0])
        if self.engine.device_use.get(device, 0) > 0:
            # The agent finishes the call first.
            self.clock.call_later(60.0, lambda: self._log_out(memberships))
            return
        self.log_out_all(memberships)

    def log_out_all(self, memberships: list[ShiftMember]) -> None:
        for member in memberships:
            queue = self.engine.queues.get(member.queue)
            if queue is not None and queue.member(member.interface) is not None:
                self.engine.remove_member(member.queue, member.interface)

    # -------------------------------------------------------------- calls
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

    def finish(self) -> None:
        """Hang up what is still going on and log everyone out, at the end time."""
        for entry in list(self.engine.entries_by_channel.values()):
            if not entry.done:
                self.engine.hangup_channel(entry.chan.name)
        self.clock.advance(0)
        self.log_out_all(self.members)


def write_history(
    queues: list[QueueConfig],
    members: list[ShiftMember],
    writer: QueueLogWriter,
    *,
    start: dt.datetime,
    end: dt.datetime,
    options: HistoryOptions | None = None,
    seed: int = 1,
) -> HistoryResult:
    """Write the queue_log lines of the traffic from ``start`` to ``end`` (aware datetimes) to ``writer``."""
    options = options or HistoryOptions()
    clock = ManualClock(start.timestamp())
    engine = Engine(clock, queues, queue_log=writer, seed=seed)
    history = _History(engine, clock, members, options, seed)
    workload = _PastWorkload(
        engine,
        WorkloadOptions(
            calls_per_hour=options.calls_per_hour,
            timezone=options.timezone,
            queue_weights=dict(options.queue_weights),
            first_call_after=None,
        ),
        options,
        seed,
    )
    history.plan_shifts(start, end)
    workload.start_for(sorted({_device(member) for member in members}))
    clock.run_until(end.timestamp())
    workload.stop()
    history.finish()
    return history.result
