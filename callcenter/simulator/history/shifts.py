"""Agents' shifts: each one logs in to its dynamic queues around the shift's start and out after its end."""

from __future__ import annotations

import datetime as dt
import functools
import random
import zoneinfo
from collections.abc import Callable

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.engine import Engine, EngineError
from callcenter.simulator.history.options import HistoryOptions, ShiftMember, shift_device


def log_in(engine: Engine, member: ShiftMember) -> None:
    """Log ``member`` in to its queue, unpaused (ADDMEMBER); EngineError when the queue refuses it."""
    engine.add_member(
        member.queue,
        member.interface,
        name=member.member_name,
        penalty=member.penalty,
        paused=False,
        reason="",
        state_interface=member.state_interface,
    )


class Shifts:
    """ADDMEMBER at each shift's start, REMOVEMEMBER at its end (after the agent's current call)."""

    def __init__(
        self,
        engine: Engine,
        clock: ManualClock,
        members: list[ShiftMember],
        options: HistoryOptions,
        rng: random.Random,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.members = members
        self.options = options
        self.rng = rng
        self.zone = zoneinfo.ZoneInfo(options.timezone)

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
                log_in(self.engine, member)
            except EngineError:
                continue  # already logged in (a shift planned across the end of the previous one)

    def _log_out(self, memberships: list[ShiftMember]) -> None:
        device = shift_device(memberships[0])
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
