"""``manage.py asterisk_sim`` as a real process: serves AMI, writes queue_log, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.simulator.amiclient import RawAMI, header

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


async def test_command_runs_the_simulator_and_stops_on_sigterm(
    asterisk_fixtures: Path, tmp_path: Path
) -> None:
    queue_log = tmp_path / "queue_log"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(MANAGE),
        "asterisk_sim",
        "--port",
        "0",
        "--config",
        str(asterisk_fixtures / "conf"),
        "--queue-log",
        str(queue_log),
        "--seed",
        "3",
        "--speed",
        "300",
        "--calls-per-hour",
        "3000",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        announced = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        port = int(announced.split("127.0.0.1:")[1].split(",")[0])
        client = await RawAMI.connect(port)
        await client.login()
        await client.wait_for(lambda f: header(f, "Event") == "QueueCallerJoin", timeout=10)
        await client.close()
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr.decode()
    assert b"Asterisk simulator stopped" in stdout
    assert "|ENTERQUEUE|" in queue_log.read_text()
