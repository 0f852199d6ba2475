"""Center time: the manual clock steps without sleeping; the scaled clock compresses waits only."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

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


@pytest.mark.parametrize("speed", [0.0, -2.0])
def test_a_scaled_clock_needs_a_positive_speed(speed: float) -> None:
    with pytest.raises(ValueError, match="speed must be positive"):
        ScaledClock(speed)


def test_a_scaled_clock_starts_at_its_epoch() -> None:
    clock = ScaledClock(10.0, epoch=1_000.0)
    assert 1_000.0 <= clock.now() < 1_000.0 + 60 * 10.0


def test_timers_due_at_the_same_time_fire_in_the_order_they_were_set() -> None:
    clock = ManualClock(0.0)
    fired: list[str] = []
    for name in ("first", "second", "third"):
        clock.call_later(1, partial(fired.append, name))
    assert clock.advance(1) == 3
    assert fired == ["first", "second", "third"]


def test_a_timer_set_in_the_past_fires_now() -> None:
    clock = ManualClock(50.0)
    fired: list[float] = []
    clock.call_later(-10, lambda: fired.append(clock.now()))
    assert clock.advance(0) == 1
    assert fired == [50.0]


def test_a_timer_set_while_advancing_fires_in_the_same_advance_when_due() -> None:
    clock = ManualClock(0.0)
    fired: list[tuple[str, float]] = []

    def set_inner() -> None:
        clock.call_later(2, lambda: fired.append(("inner", clock.now())))

    clock.call_later(1, set_inner)
    clock.advance(5)
    assert fired == [("inner", 3.0)]


def test_next_due_skips_cancelled_timers_and_is_none_when_nothing_waits() -> None:
    clock = ManualClock(0.0)
    assert clock.next_due() is None
    clock.call_later(1, lambda: None).cancel()
    clock.call_later(4, lambda: None)
    assert clock.next_due() == 4.0
    clock.advance(4)
    assert clock.next_due() is None


def test_run_until_stops_after_max_callbacks_at_the_last_one_fired() -> None:
    clock = ManualClock(0.0)
    for delay in (1, 2, 3):
        clock.call_later(delay, lambda: None)
    assert clock.run_until(10, max_callbacks=2) == 2
    assert (clock.now(), clock.next_due()) == (2.0, 3.0)


def test_time_never_goes_back() -> None:
    clock = ManualClock(100.0)
    clock.run_until(50)
    assert clock.now() == 100.0
