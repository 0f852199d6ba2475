"""Fixtures for the simulator's tests: a simulator on a free port, driven by a manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI

FIXTURE_EPOCH = 1_795_355_835.0


@pytest.fixture
async def sim(asterisk_fixtures: Path, tmp_path: Path) -> AsyncIterator[Simulator]:
    """The recorded PBX's own queues.conf and manager.conf, a fresh queue_log, center time frozen until stepped."""
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf",
        queue_log=tmp_path / "queue_log",
        clock=ManualClock(FIXTURE_EPOCH),
        seed=7,
    )
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def sim_varset(asterisk_fixtures: Path) -> AsyncIterator[Simulator]:
    """Like ``sim``, with the VarSet events on."""
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=ManualClock(FIXTURE_EPOCH), seed=7, varset=True
    )
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def ami(sim: Simulator) -> AsyncIterator[RawAMI]:
    """A logged-in raw AMI connection with all events on."""
    client = await RawAMI.connect(sim.port)
    await client.login()
    yield client
    await client.close()


def advance(sim: Simulator, seconds: float) -> None:
    """Step center time (only valid with the ManualClock the ``sim`` fixture uses)."""
    clock = sim.clock
    assert isinstance(clock, ManualClock)
    clock.advance(seconds)
