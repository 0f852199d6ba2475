"""Login and Events: a second login, an unknown account, and turning events off mid-session."""

from __future__ import annotations

import asyncio

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header


async def test_a_second_login_on_the_same_session_is_already_authenticated(ami: RawAMI) -> None:
    again = await ami.login()
    assert (header(again, "Response"), header(again, "Message")) == ("Success", "Already authenticated")


async def test_an_unknown_account_fails_and_the_server_closes_the_socket(sim: Simulator) -> None:
    client = await RawAMI.connect(sim.port)
    response = await client.login(username="nosuchuser", secret="x")
    assert (header(response, "Response"), header(response, "Message")) == ("Error", "Authentication failed")
    await asyncio.wait_for(client.closed.wait(), 5)
    assert sim.server.event_stream_logins == 0
    await client.close()


async def test_events_off_stops_the_event_stream_of_that_session(sim: Simulator, ami: RawAMI) -> None:
    answer = await ami.action("Events", ("EventMask", "off"))
    assert (header(answer, "Response"), header(answer, "Events")) == ("Success", "Off")
    seen = len(ami.frames)
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    assert header(await ami.action("Ping"), "Ping") == "Pong"
    assert [header(frame, "Event") for frame in ami.frames[seen:] if header(frame, "Event")] == []


async def test_an_event_mask_of_categories_lets_only_those_through(sim: Simulator, ami: RawAMI) -> None:
    await ami.action("Events", ("EventMask", "system"))
    seen = len(ami.frames)
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    await ami.action("Reload", ("Module", "app_queue.so"))
    await ami.wait_for(lambda f: header(f, "Event") == "Reload", start=seen)
    events = [header(frame, "Event") for frame in ami.frames[seen:] if header(frame, "Event")]
    assert events == ["Reload"]
