"""Applying against the project's Asterisk simulator: its AMI reloads queues.conf from the live version."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from callcenter.pbx.apply import apply_configuration
from callcenter.pbx.models import AsteriskServer, ConfigApply, Queue
from callcenter.simulator.config import load_queues
from callcenter.simulator.runner import Simulator
from tests.harness.ami import SECRET

pytestmark = pytest.mark.django_db


class SimulatorThread:
    """The simulator in its own event loop, so that the synchronous apply can talk to it over TCP."""

    def __init__(self, live_dir: Path) -> None:
        self.live_dir = live_dir
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.simulator: Simulator | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.simulator = Simulator(port=0, username="ccadmin", secret=SECRET)
        self.simulator.server.reload_queues = lambda: load_queues(self.live_dir)
        self.loop.run_until_complete(self.simulator.start())
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.simulator.stop())
        self.loop.close()

    def __enter__(self) -> Simulator:
        self.thread.start()
        assert self.ready.wait(10), "simulator did not start"
        assert self.simulator is not None
        return self.simulator

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def simulated_node(full_center: Queue, tmp_path: Path) -> Iterator[tuple[AsteriskServer, Simulator]]:
    config_dir = tmp_path / "simnode"
    with SimulatorThread(config_dir / "live") as simulator:
        server = AsteriskServer.objects.create(
            name="sim", ami_host="127.0.0.1", ami_port=simulator.port, ami_username="ccadmin",
            ami_secret=SECRET, config_dir=str(config_dir),
        )  # fmt: skip
        yield server, simulator


def test_the_simulator_loads_the_applied_queues(
    simulated_node: tuple[AsteriskServer, Simulator],
) -> None:
    server, simulator = simulated_node
    entry = apply_configuration(None, server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert simulator.engine.queues["sales"].config.strategy == "leastrecent"
    members = [member.name for member in simulator.engine.queues["vip"].members]
    assert members == ["Agent 1001", "Agent 1002", "Agent 1009", "Agent 1010"]


def test_a_broken_value_is_refused_before_the_simulator_hears_of_it(
    simulated_node: tuple[AsteriskServer, Simulator],
) -> None:
    server, simulator = simulated_node
    apply_configuration(None, server)
    Queue.objects.filter(name="sales").update(strategy="linear", music_class="x\n[evil]")
    entry = apply_configuration(None, server)
    assert entry.status == ConfigApply.Status.REFUSED
    assert simulator.engine.queues["sales"].config.strategy == "leastrecent"


def test_a_reload_that_does_not_take_is_rolled_back(
    simulated_node: tuple[AsteriskServer, Simulator],
) -> None:
    server, simulator = simulated_node
    apply_configuration(None, server)
    simulator.server.reload_queues = None  # the node answers "Module Reloaded" but keeps its old queues
    queue = Queue.objects.get(name="sales")
    queue.strategy = Queue.Strategy.LINEAR
    queue.save()
    entry = apply_configuration(None, server)
    assert entry.status == ConfigApply.Status.ROLLED_BACK
    assert entry.error == "after the reload QueueStatus disagrees: sales is leastrecent instead of linear"
    assert os.readlink(Path(server.config_dir) / "live") == "versions/0001"


def test_music_on_hold_applies_to_the_simulator_which_plays_none(
    simulated_node: tuple[AsteriskServer, Simulator],
) -> None:
    from tests.pbx.audio_factories import MusicOnHoldFileFactory

    server, _simulator = simulated_node
    MusicOnHoldFileFactory(moh_class__name="calm")
    Queue.objects.filter(name="sales").update(music_class="calm")
    entry = apply_configuration(None, server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert "res_musiconhold.so" in entry.reloaded
    assert (Path(server.config_dir) / "live" / "moh" / "calm").is_dir()
