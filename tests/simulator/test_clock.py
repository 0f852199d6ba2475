"""Center time: the manual clock steps without sleeping; the scaled clock compresses waits only."""

from __future__ import annotations

import asyncio

from callcenter.simulator.clock import ManualClock, ScaledClock


def test_manual_clock_fires_due_timers_in_order_and_skips_cancelled() -> None:
    clock = ManualClock(100.0)
    fired: list[tuple[str, float]] = []
    clock.call_later(5, lambda: fired.append(("b", clock.now())))
    clock.call_later(2, lambda: fired.append(("a", clock.now())))
    clock.call_later(3, lambda: fired.append(("x", clock.now()))).cancel()
    assert clock.advance(4) == 1
    assert fired == [("a", 102.0)]
    clock.advance(10)
    assert fired == [("a", 102.0), ("b", 105.0)]
    assert clock.now() == 114.0


async def test_scaled_clock_divides_waits_by_the_speed() -> None:
    clock = ScaledClock(600.0)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    started = loop.time()
    clock.call_later(30.0, lambda: done.set_result(loop.time()))
    finished = await asyncio.wait_for(done, 5)
    assert finished - started < 1.0
    assert clock.now() - clock._epoch >= 30.0
