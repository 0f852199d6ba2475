"""The embeddable API: Simulator start/stop/port and run_simulator until a stop event, on a scaled clock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from callcenter.simulator.config import ConfigError
from callcenter.simulator.runner import Simulator, run_simulator
from tests.simulator.amiclient import RawAMI, header


async def test_run_simulator_serves_until_stopped_and_writes_queue_log(
    asterisk_fixtures: Path, tmp_path: Path
) -> None:
    stop = asyncio.Event()
    listening: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    queue_log = tmp_path / "queue_log"
    task = asyncio.create_task(
        run_simulator(
            stop,
            port=0,
            ready=listening.set_result,
            config_dir=asterisk_fixtures / "conf",
            queue_log=queue_log,
            seed=11,
            speed=400.0,
            workload=True,
            calls_per_hour=3000,
        )
    )
    client = await RawAMI.connect(await asyncio.wait_for(listening, 10))
    await client.login()
    # At x400 a center minute passes in 0.15 s: calls arrive, connect and complete.
    await client.wait_for(lambda f: header(f, "Event") == "AgentComplete", timeout=10)
    stop.set()
    await asyncio.wait_for(task, 5)
    await asyncio.wait_for(client.closed.wait(), 5)
    verbs = [line.split("|")[4] for line in queue_log.read_text().splitlines()]
    assert "ENTERQUEUE" in verbs and "CONNECT" in verbs


async def test_scaled_clock_reports_center_seconds(asterisk_fixtures: Path) -> None:
    simulator = Simulator(config_dir=asterisk_fixtures / "conf", speed=200.0)
    await simulator.start()
    try:
        client = await RawAMI.connect(simulator.port)
        await client.login()
        client.send_caller("support", 600, "__AGENT_TALK=40")
        complete = await client.wait_for(lambda f: header(f, "Event") == "AgentComplete", timeout=5)
        # Center seconds, not the 0.2 s of wall time; a busy machine may fire the timer a little late.
        assert 39 <= int(header(complete, "TalkTime")) < 100
        assert header(complete, "Reason") == "agent"
        await client.close()
    finally:
        await simulator.stop()


def test_a_simulator_needs_an_ami_user(tmp_path: Path, asterisk_fixtures: Path) -> None:
    (tmp_path / "queues.conf").write_text((asterisk_fixtures / "conf" / "queues.conf").read_text())
    with pytest.raises(ConfigError, match="no AMI user"):
        Simulator(config_dir=tmp_path)
