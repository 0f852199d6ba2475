"""Rolling measurements of call outcomes, from which the engines get their ``CallStats``."""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field

from callcenter.dialer.pacing.stats import CallStats


class _SortedWindow:
    """Values with their timestamps, kept sorted by value, dropping those older than the window."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self._by_time: deque[tuple[float, float]] = deque()

    def add(self, at: float, value: float) -> None:
        bisect.insort(self.values, value)
        self._by_time.append((at, value))

    def prune(self, before: float) -> None:
        while self._by_time and self._by_time[0][0] < before:
            _, value = self._by_time.popleft()
            del self.values[bisect.bisect_left(self.values, value)]

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class OutcomeWindow:
    """Rolling measurements fed with call outcomes; ``snapshot`` gives the engines their ``CallStats``.

    The answer-rate window is short so the pacing follows a mid-day change quickly; the abandon window is
    longer because it is the legal measure.
    """

    answer_window_s: float = 1200.0
    abandon_window_s: float = 3600.0
    handle_samples: int = 200
    _answers: _SortedWindow = field(default_factory=_SortedWindow)
    _failures: _SortedWindow = field(default_factory=_SortedWindow)
    _answered_times: deque[float] = field(default_factory=deque)
    _abandoned_times: deque[float] = field(default_factory=deque)
    _handles: deque[float] = field(default_factory=deque)
    day_answered: int = 0
    day_abandoned: int = 0

    def record_answer(self, at: float, delay_s: float) -> None:
        self._answers.add(at, delay_s)
        self._answered_times.append(at)
        self.day_answered += 1

    def record_failure(self, at: float, delay_s: float) -> None:
        self._failures.add(at, delay_s)

    def record_abandon(self, at: float) -> None:
        self._abandoned_times.append(at)
        self.day_abandoned += 1

    def record_handle(self, handle_s: float) -> None:
        self._handles.append(handle_s)
        while len(self._handles) > self.handle_samples:
            self._handles.popleft()

    def snapshot(self, now: float) -> CallStats:
        self._answers.prune(now - self.answer_window_s)
        self._failures.prune(now - self.answer_window_s)
        for times in (self._answered_times, self._abandoned_times):
            while times and times[0] < now - self.abandon_window_s:
                times.popleft()
        answers, failures = len(self._answers), len(self._failures)
        samples = answers + failures
        rolling_answered = len(self._answered_times)
        return CallStats(
            samples=samples,
            answer_rate=answers / samples if samples else 0.0,
            mean_answer_delay_s=sum(self._answers.values) / answers if answers else 10.0,
            aht_s=sum(self._handles) / len(self._handles) if self._handles else 180.0,
            rolling_abandon_pct=100.0 * len(self._abandoned_times) / rolling_answered
            if rolling_answered
            else 0.0,
            rolling_answered=rolling_answered,
            day_abandon_pct=100.0 * self.day_abandoned / self.day_answered if self.day_answered else 0.0,
            day_answered=self.day_answered,
            answer_delays=tuple(self._answers.values),
            failure_delays=tuple(self._failures.values),
        )
