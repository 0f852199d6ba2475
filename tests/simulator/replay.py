"""Replay a recorded scenario's client side against the simulator, with the recorded timing in center time."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, RawAMI, header, load_transcript


def sent_actions(fixtures: Path, scenario: str) -> list[tuple[float, list[tuple[str, str]]]]:
    """(seconds since connect, headers) of every action the recording's client sent."""
    actions = []
    for line in (fixtures / "transcripts" / f"{scenario}.timeline.jsonl").read_text().splitlines():
        item = json.loads(line)
        if item["dir"] != "out":
            continue
        headers = []
        for row in item["raw"].split("\r\n"):
            name, sep, value = row.partition(": ")
            if sep:
                headers.append((name, value))
        actions.append((float(item["t"]), headers))
    return actions


async def replay(sim: Simulator, fixtures: Path, scenario: str, *, tail: float = 30.0) -> list[Frame]:
    """Send the scenario's actions at their recorded center times; return every frame received."""
    clock = sim.clock
    assert isinstance(clock, ManualClock)
    start = clock.now()
    client = await RawAMI.connect(sim.port)
    try:
        for at, headers in sent_actions(fixtures, scenario):
            action = next(value for name, value in headers if name == "Action")
            if action == "Logoff":
                clock.run_until(start + at + tail)
            else:
                clock.run_until(start + at)
            action_id = next(value for name, value in headers if name == "ActionID")
            rest = [(name, value) for name, value in headers if name not in ("Action", "ActionID")]
            client.send(action, *rest, action_id=action_id)
            if action == "Originate" and header_value(headers, "Async").lower() != "true":
                # A synchronous Originate answers only when the call does: let center time run.
                for _ in range(50):
                    clock.advance(0.5)
                    if any(header(frame, "ActionID") == action_id for frame in client.frames):
                        break
                    await asyncio.sleep(0)
            await client.response(action_id)
        await asyncio.wait_for(client.closed.wait(), 5)
    finally:
        await client.close()
    return client.frames


def header_value(headers: list[tuple[str, str]], key: str) -> str:
    return next((value for name, value in headers if name == key), "")


async def replay_beside_recording(
    sim: Simulator, fixtures: Path, scenario: str
) -> tuple[list[Frame], list[Frame]]:
    """Replay the scenario: every frame received, and every frame of its recorded transcript."""
    return await replay(sim, fixtures, scenario), load_transcript(fixtures, scenario)
