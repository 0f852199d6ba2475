"""The live workload over past days: arrivals in working hours only, agents' breaks only on shift."""

from __future__ import annotations

import datetime as dt

from callcenter.simulator.engine import Engine
from callcenter.simulator.history.options import HistoryOptions
from callcenter.simulator.workload import Workload, WorkloadOptions


class PastWorkload(Workload):
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
