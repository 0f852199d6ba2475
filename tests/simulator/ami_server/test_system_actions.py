"""Reloads, faults, the CLI and PJSIP actions the node refuses, worded as Asterisk words them."""

from __future__ import annotations

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header


def _answer(frame: list[tuple[str, str]]) -> tuple[str, str]:
    return header(frame, "Response"), header(frame, "Message")


async def test_an_unknown_fault_is_refused_and_the_session_stays_open(sim: Simulator, ami: RawAMI) -> None:
    answer = await ami.action("SimulatorFault", ("Fault", "explode"))
    assert _answer(answer) == ("Error", "Fault must be one of: drop, halfopen, malformed, restart")
    assert header(await ami.action("Ping"), "Ping") == "Pong"
    assert len(sim.server.sessions) == 1


async def test_queue_reload_of_an_unknown_queue_is_refused(ami: RawAMI) -> None:
    answer = await ami.action("QueueReload", ("Queue", "nosuch"))
    assert _answer(answer) == ("Error", "Error encountered while reloading queue")


async def test_queue_reload_of_a_known_queue_succeeds(ami: RawAMI) -> None:
    answer = await ami.action("QueueReload", ("Queue", "support"))
    assert _answer(answer) == ("Success", "Queue reloaded successfully")


async def test_an_unknown_cli_command_is_an_error_with_asterisks_output(ami: RawAMI) -> None:
    answer = await ami.action("Command", ("Command", "core   frobnicate"))
    assert _answer(answer) == ("Error", "Command output follows")
    assert header(answer, "Output") == (
        "No such command 'core frobnicate' (type 'core show help core frobnicate' for other possible commands)"
    )


async def test_queue_show_of_an_unknown_queue_says_so(ami: RawAMI) -> None:
    answer = await ami.action("Command", ("Command", "queue show nosuch"))
    assert header(answer, "Output") == "No such queue: nosuch."


async def test_pjsip_show_endpoint_knows_no_trunk(ami: RawAMI) -> None:
    answer = await ami.action("PJSIPShowEndpoint", ("Endpoint", "trunk"))
    assert _answer(answer) == ("Error", "Unable to retrieve endpoint trunk")
