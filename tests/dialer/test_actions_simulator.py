"""End to end against the project's Asterisk simulator: Originates out, real AMI events back into the dialer."""

from __future__ import annotations

import asyncio
import queue
import threading
import time

import pytest

from callcenter.ami.client import AMIClient
from callcenter.ami.protocol import Message
from callcenter.dialer import actions
from callcenter.dialer.models import Attempt
from callcenter.dialer.transport import AMIClientTransport
from callcenter.simulator.runner import Simulator
from tests.dialer.conftest import make_campaign, make_leads
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
USER, SECRET = "dialer", "dialer-test-secret"
SETTLED = ("ended", "bridged")


class SimulatorThread:
    """The simulator (20x speed) and one listening AMI session, in their own event loop and thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[Message] = queue.Queue()
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        simulator = Simulator(seed=5, speed=20.0, username=USER, secret=SECRET)
        await simulator.start()
        self.port = simulator.port
        listener = AMIClient("127.0.0.1", self.port, USER, SECRET, ping_interval=0, reconnect=False)
        listener.add_event_listener(self.events.put)
        await listener.connect()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await listener.close()
            await simulator.stop()

    def __enter__(self) -> SimulatorThread:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the simulator did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


@pytest.mark.django_db
def test_a_progressive_round_through_the_simulator_settles_every_attempt() -> None:
    support = QueueFactory(name="support")
    agents = [AgentFactory(member_name=f"Agent 100{n}", extension=f"100{n}") for n in range(1, 5)]
    campaign = make_campaign(queue=support, call_windows=ALL_DAY)
    make_leads(campaign, 8)
    with SimulatorThread() as sim:
        node = AsteriskServerFactory(name="sim", ami_port=sim.port, ami_username=USER, ami_secret=SECRET)
        sent = actions.dial(campaign, 8, AMIClientTransport(node), worker="w1")
        assert sent == 8
        deadline = time.monotonic() + 30
        while Attempt.objects.exclude(state__in=SETTLED).exists():
            remaining = deadline - time.monotonic()
            assert remaining > 0, list(Attempt.objects.values_list("state", flat=True))
            try:
                actions.handle_event(sim.events.get(timeout=remaining))
            except queue.Empty:
                break
    attempts = list(Attempt.objects.all())
    assert {a.state for a in attempts} <= set(SETTLED)
    assert {a.outcome for a in attempts if a.state == "ended"} <= {
        "busy",
        "no_answer",
        "congestion",
        "answered",
    }
    bridged = [a for a in attempts if a.bridged_at is not None]
    assert bridged, "the seeded simulator answers some of the eight calls"
    assert {a.agent for a in bridged} <= set(agents)
    assert all(a.answered_at is not None and a.uniqueid for a in bridged)
