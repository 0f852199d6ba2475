"""app_queue reloads and pauses as Asterisk 22 does them: a reload sends only ``Event: Reload`` (before
the response of a Reload action, after the output of ``module reload``), drops a static member that
queues.conf no longer has without a word, and a pause belongs to one queue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, RawAMI, header, kind
from tests.simulator.replay import replay_beside_recording

SECRET = "sim-secret"
QUEUES = """
[general]
persistentmembers = no
autofill = yes

[support]
strategy = {strategy}
ringinuse = no
member => Local/1001@agents/n,0,Agent 1001
{extra}

[sales]
strategy = ringall
ringinuse = no
member => Local/1001@agents/n,0,Agent 1001
"""
ANNA = "member => Local/1002@agents/n,0,Agent 1002"


def _sequence(frames: list[Frame]) -> list[tuple[str, str]]:
    return [(kind(frame), header(frame, "ActionID")) for frame in frames]


async def test_the_reload_session_of_s09_comes_in_the_recorded_order(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s09_reload")
    assert _sequence(frames) == _sequence(recorded)


@pytest.fixture
async def node(tmp_path: Path) -> AsyncIterator[tuple[Simulator, Path]]:
    (tmp_path / "manager.conf").write_text(f"[general]\nenabled = yes\n\n[ccadmin]\nsecret = {SECRET}\n")
    (tmp_path / "queues.conf").write_text(QUEUES.format(strategy="rrmemory", extra=ANNA))
    simulator = Simulator(config_dir=tmp_path)
    await simulator.start()
    yield simulator, tmp_path
    await simulator.stop()


@pytest.fixture
async def client(node: tuple[Simulator, Path]) -> AsyncIterator[RawAMI]:
    raw = await RawAMI.connect(node[0].port)
    await raw.login(secret=SECRET)
    yield raw
    await raw.close()


async def _queue_status(client: RawAMI) -> list[Frame]:
    action_id = client.send("QueueStatus")
    start = len(client.frames)
    await client.wait_for(
        lambda f: header(f, "Event") == "QueueStatusComplete" and header(f, "ActionID") == action_id
    )
    return [f for f in client.frames[start:] if header(f, "ActionID") == action_id and header(f, "Event")]


async def test_a_reload_drops_a_removed_static_member_and_sends_only_the_reload_event(
    node: tuple[Simulator, Path], client: RawAMI
) -> None:
    _, conf = node
    (conf / "queues.conf").write_text(QUEUES.format(strategy="linear", extra=""))
    start = len(client.frames)
    await client.action("Reload", ("Module", "app_queue.so"))
    events = [kind(frame) for frame in client.frames[start:] if header(frame, "Event")]
    assert events == ["Reload"]

    status = await _queue_status(client)
    params = {
        header(f, "Queue"): header(f, "Strategy") for f in status if header(f, "Event") == "QueueParams"
    }
    assert params == {"support": "linear", "sales": "ringall"}
    members = [(header(f, "Queue"), header(f, "Name")) for f in status if header(f, "Event") == "QueueMember"]
    assert ("support", "Agent 1002") not in members
    assert ("support", "Agent 1001") in members


async def test_a_pause_in_one_queue_leaves_the_member_free_in_the_others(client: RawAMI) -> None:
    start = len(client.frames)
    await client.action(
        "QueuePause",
        ("Queue", "sales"),
        ("Interface", "Local/1001@agents/n"),
        ("Paused", "true"),
        ("Reason", "lunch"),
    )
    pauses = [f for f in client.frames[start:] if header(f, "Event") == "QueueMemberPause"]
    assert [(header(f, "Queue"), header(f, "Paused")) for f in pauses] == [("sales", "1")]

    status = await _queue_status(client)
    paused = {
        header(f, "Queue"): header(f, "Paused")
        for f in status
        if header(f, "Event") == "QueueMember" and header(f, "Name") == "Agent 1001"
    }
    assert paused == {"support": "0", "sales": "1"}
    show = await client.action("Command", ("Command", "queue show support"))
    line = next(value for name, value in show if name == "Output" and "Agent 1001" in value)
    assert "(Not in use)" in line and "paused" not in line


async def test_a_pause_in_all_queues_is_one_event_per_queue(client: RawAMI) -> None:
    start = len(client.frames)
    await client.action("QueuePause", ("Interface", "Local/1001@agents/n"), ("Paused", "true"))
    pauses = [f for f in client.frames[start:] if header(f, "Event") == "QueueMemberPause"]
    assert sorted((header(f, "Queue"), header(f, "Paused")) for f in pauses) == [
        ("sales", "1"),
        ("support", "1"),
    ]
