"""A seeded call-center day: inbound callers, agent behaviour and post-call surveys.

Callers arrive as a Poisson process whose rate follows a time-of-day profile; each draws a patience (a share
are short abandons) and a talk time. Agents answer after a short ring (a few never answer), take breaks and
lunches (QueuePause with a reason, so PAUSEALL/PAUSE lines appear), and log out and back in (their phone
unregisters). A share of completed calls leave a SURVEY score in queue_log, as the dialplan's
``QueueLog(queue,uniqueid,agent,SURVEY,score)`` would.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from callcenter.simulator.engine import Engine, OriginateRequest, QueueEntry, QueueMember

# Relative arrival rate per hour of the local day (1.0 = the peak rate).
DEFAULT_PROFILE = (
    0.15, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.8, 0.95, 1.0, 1.0,
    0.9, 0.85, 0.95, 1.0, 0.95, 0.85, 0.7, 0.55, 0.45, 0.35, 0.25, 0.2,
)  # fmt: skip


@dataclass
class WorkloadOptions:
    """The knobs of the generated day; every draw comes from one seeded generator."""

    calls_per_hour: float = 120.0
    profile: tuple[float, ...] = DEFAULT_PROFILE
    timezone: str = "Europe/Moscow"
    queue_weights: dict[str, float] = field(default_factory=dict)
    short_abandon_share: float = 0.08
    short_abandon_range: tuple[float, float] = (2.0, 10.0)
    patience_mean: float = 150.0
    talk_median: float = 150.0
    talk_sigma: float = 0.6
    caller_ends_share: float = 0.6
    ring_range: tuple[float, float] = (1.0, 6.0)
    no_answer_share: float = 0.03
    survey_share: float = 0.3
    survey_delay: float = 20.0
    break_every: float = 5400.0
    break_length: tuple[float, float] = (300.0, 900.0)
    lunch_every: float = 4 * 3600.0
    lunch_length: tuple[float, float] = (1800.0, 2700.0)
    logout_every: float = 6 * 3600.0
    logout_length: tuple[float, float] = (600.0, 1800.0)
    break_reason: str = "break"
    lunch_reason: str = "lunch"
    agent_behaviour: bool = True
    # One caller right after start, so a freshly opened wallboard shows a call within seconds.
    first_call_after: float | None = 3.0
    # Outcomes of dialer Originates to phone numbers (relative weights).
    outbound_rates: dict[str, float] = field(
        default_factory=lambda: {"answer": 0.6, "busy": 0.1, "noanswer": 0.25, "congestion": 0.05}
    )


class Workload:
    """Drives an Engine with seeded traffic until stopped."""

    def __init__(self, engine: Engine, options: WorkloadOptions | None = None, *, seed: int = 0) -> None:
        self.engine = engine
        self.options = options or WorkloadOptions()
        self.rng = random.Random(seed + 1)  # noqa: S311 - simulation draws, not security
        self.zone = zoneinfo.ZoneInfo(self.options.timezone)
        self._caller_seq = 0
        self.running = False
        self.calls_started = 0
        self.surveys = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self.running = True
        self.engine.outbound_rates = dict(self.options.outbound_rates)
        self.engine.answer_delay = self._answer_delay
        self.engine.completion_listeners.append(self._on_complete)
        self._schedule_arrival()
        if self.options.first_call_after is not None:
            self._later(self.options.first_call_after, self.new_caller)
        if self.options.agent_behaviour:
            for device in sorted(
                {member.device for queue in self.engine.queues.values() for member in queue.members}
            ):
                self._schedule_agent(device, "break", self.options.break_every)
                self._schedule_agent(device, "lunch", self.options.lunch_every)
                self._schedule_agent(device, "logout", self.options.logout_every)

    def stop(self) -> None:
        self.running = False
        if self._on_complete in self.engine.completion_listeners:
            self.engine.completion_listeners.remove(self._on_complete)

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        # Pending timers are not kept: once stopped, whatever fires does nothing.
        def fire() -> None:
            if self.running:
                callback()

        self.engine.clock.call_later(delay, fire)

    # ------------------------------------------------------------------ arrivals
    def rate_per_second(self, epoch: float) -> float:
        hour = dt.datetime.fromtimestamp(epoch, tz=self.zone).hour
        return self.options.calls_per_hour * self.options.profile[hour % len(self.options.profile)] / 3600.0

    def _schedule_arrival(self) -> None:
        if not self.running:
            return
        peak = self.options.calls_per_hour / 3600.0
        if peak <= 0:
            return
        # Thinning: draw from the peak rate, keep each arrival with probability rate(t) / peak.
        delay = self.rng.expovariate(peak)

        def arrive() -> None:
            if not self.running:
                return
            if self.rng.random() * peak <= self.rate_per_second(self.engine.now()):
                self.new_caller()
            self._schedule_arrival()

        self._later(delay, arrive)

    def _pick_queue(self) -> str | None:
        names = list(self.engine.queues)
        if not names:
            return None
        weights = [self.options.queue_weights.get(name, 1.0) for name in names]
        return self.rng.choices(names, weights=weights)[0]

    def new_caller(self, queue: str | None = None) -> None:
        """One inbound caller, shaped like the recordings' Local/<queue>@queue-entry callers."""
        name = queue or self._pick_queue()
        if name is None:
            return
        options = self.options
        self._caller_seq += 1
        number = f"79{self.rng.randrange(10**8, 10**9)}"
        if self.rng.random() < options.short_abandon_share:
            patience = self.rng.uniform(*options.short_abandon_range)
        else:
            patience = self.rng.expovariate(1.0 / options.patience_mean) + options.short_abandon_range[1]
        talk = max(5.0, self.rng.lognormvariate(math.log(options.talk_median), options.talk_sigma))
        request = OriginateRequest(
            channel=f"Local/{name}@queue-entry",
            application="Wait",
            data=str(int(patience)),
            callerid=f'"Caller {self._caller_seq}" <{number}>',
            variables=[("__AGENT_TALK", str(int(talk)))],
            patience_waiting=patience,
            talk=float(int(talk)),
            caller_ends_call=self.rng.random() < options.caller_ends_share,
        )
        self.calls_started += 1
        self.engine.originate(request, is_async=False)

    # ------------------------------------------------------------------ agents
    def _answer_delay(self, member: QueueMember) -> float | None:
        if self.rng.random() < self.options.no_answer_share:
            return None
        return self.rng.uniform(*self.options.ring_range)

    def _schedule_agent(self, device: str, activity: str, mean: float) -> None:
        if mean <= 0:
            return
        self._later(self.rng.expovariate(1.0 / mean), lambda: self._agent_activity(device, activity, mean))

    def _agent_activity(self, device: str, activity: str, mean: float) -> None:
        if not self.running:
            return
        engine = self.engine
        members = [
            member for queue in engine.queues.values() for member in queue.members if member.device == device
        ]
        busy = engine.device_use.get(device, 0) > 0 or device in engine.unavailable_devices
        if not members or busy or any(member.paused for member in members):
            # Agents step away between calls: try again shortly.
            self._later(60.0, lambda: self._agent_activity(device, activity, mean))
            return
        interface = members[0].interface
        if activity == "logout":
            length = self.rng.uniform(*self.options.logout_length)
            engine.set_device_available(device, False)
            self._later(length, lambda: engine.set_device_available(device, True))
        else:
            reason = self.options.break_reason if activity == "break" else self.options.lunch_reason
            bounds = self.options.break_length if activity == "break" else self.options.lunch_length
            engine.pause(interface, None, True, reason)
            self._later(self.rng.uniform(*bounds), lambda: self._unpause(interface))
        self._schedule_agent(device, activity, mean)

    def _unpause(self, interface: str) -> None:
        if self.engine.find_members(interface, None):
            self.engine.pause(interface, None, False, "")

    # ------------------------------------------------------------------ surveys
    def _on_complete(self, entry: QueueEntry, member: QueueMember, reason: str) -> None:
        if reason == "transfer" or self.rng.random() >= self.options.survey_share:
            return
        score = self.rng.choices([1, 2, 3, 4, 5], weights=[0.05, 0.07, 0.15, 0.33, 0.4])[0]
        callid, queue, agent = entry.chan.uniqueid, entry.queue.name, self.engine.agent_field(member)

        def survey() -> None:
            self.surveys += 1
            self.engine.log(callid, queue, agent, "SURVEY", score)

        self._later(self.options.survey_delay, survey)
