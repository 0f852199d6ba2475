"""Center time for the simulator: a scaled wall clock for live runs and a manual clock for tests and benchmarks.

Everything the simulator reports (queue_log epochs, HoldTime, TalkTime, Uniqueids) is read from ``now()`` in
center seconds; only the waits the engine schedules are divided by the speed factor.
"""

from callcenter.simulator.clock.manual import ManualClock
from callcenter.simulator.clock.protocol import Clock, TimerHandle
from callcenter.simulator.clock.scaled import ScaledClock

__all__ = ["Clock", "ManualClock", "ScaledClock", "TimerHandle"]
