"""The client and the reducer against the project's Asterisk simulator: every call the simulator wrote
to its queue_log gets the same outcome in the live state (a busy run on a manually advanced clock, so
the comparison is made at a moment when the simulator is idle)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from callcenter.ami.client import AMIClient
from callcenter.live.state import LiveState
from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from callcenter.simulator.workload import WorkloadOptions

pytestmark = pytest.mark.timeout(60)

_VERB_OUTCOME = {
    "CONNECT": "answered",
    "ABANDON": "abandoned",
    "EXITWITHTIMEOUT": "timeout",
    "EXITEMPTY": "exitempty",
    "EXITWITHKEY": "exitkey",
}


def _queue_log_outcomes(path: Path) -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for line in path.read_text().splitlines():
        fields = line.split("|")
        callid, verb = fields[1], fields[4]
        if verb == "ENTERQUEUE":
            outcomes.setdefault(callid, "waiting")
        elif verb in _VERB_OUTCOME:
            outcomes[callid] = _VERB_OUTCOME[verb]
    return outcomes


async def test_live_state_agrees_with_the_simulators_queue_log(tmp_path: Path) -> None:
    queue_log = tmp_path / "queue_log"
    clock = ManualClock()
    simulator = Simulator(
        workload=True,
        clock=clock,
        seed=7,
        username="bridge",
        secret="bridge-test-secret",
        queue_log=queue_log,
        varset=True,
        workload_options=WorkloadOptions(calls_per_hour=3000),
    )
    await simulator.start()
    state = LiveState("sim", history=None)
    client = AMIClient("127.0.0.1", simulator.port, "bridge", "bridge-test-secret", ping_interval=0)
    client.add_event_listener(lambda message: state.apply(message, clock.now()))

    async def resync() -> None:
        _, queue_status = await client.action_list("QueueStatus")
        _, channels = await client.action_list("CoreShowChannels")
        state.resync(queue_status, channels, clock.now())

    client.add_connect_listener(resync)
    try:
        await client.connect()
        await client.action("Ping")
        async with asyncio.timeout(30):
            while len([c for c in state.all_calls() if c.outcome not in ("waiting", "answered")]) < 50:
                clock.advance(5.0)  # five simulated seconds of the busy day
                await client.action("Ping")  # every event sent before the Pong has been applied
    finally:
        await client.close()
        await simulator.stop()
    expected = _queue_log_outcomes(queue_log)
    got = {call.callid: call.outcome for call in state.all_calls()}
    assert set(got) == set(expected)
    assert got == expected
    assert {"answered", "abandoned"} <= set(got.values())
