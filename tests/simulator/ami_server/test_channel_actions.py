"""Getvar, Setvar and Status: refusals, and global variables kept by the node."""

from __future__ import annotations

import pytest

from callcenter.simulator.engine import OriginateRequest
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header
from tests.simulator.conftest import advance

Headers = tuple[tuple[str, str], ...]


@pytest.mark.parametrize(
    ("action", "headers", "message"),
    [
        ("Getvar", (), "No variable specified"),
        ("Getvar", (("Variable", "X"), ("Channel", "PJSIP/nosuch")), "No such channel"),
        ("Setvar", (("Value", "1"),), "No variable specified"),
        ("Setvar", (("Variable", "X"), ("Value", "1"), ("Channel", "PJSIP/nosuch")), "No such channel"),
        ("Status", (("Channel", "PJSIP/nosuch"),), "No such channel"),
    ],
)
async def test_a_variable_or_status_action_on_nothing_is_refused(
    ami: RawAMI, action: str, headers: Headers, message: str
) -> None:
    answer = await ami.action(action, *headers)
    assert (header(answer, "Response"), header(answer, "Message")) == ("Error", message)


async def test_a_global_variable_set_without_a_channel_is_read_back(sim: Simulator, ami: RawAMI) -> None:
    answer = await ami.action("Setvar", ("Variable", "CC_MODE"), ("Value", "night"))
    assert (header(answer, "Response"), header(answer, "Message")) == ("Success", "Variable Set")
    read = await ami.action("Getvar", ("Variable", "CC_MODE"))
    assert (header(read, "Variable"), header(read, "Value")) == ("CC_MODE", "night")
    assert sim.server.engine_globals == {"CC_MODE": "night"}


async def test_an_unset_global_variable_reads_empty(ami: RawAMI) -> None:
    read = await ami.action("Getvar", ("Variable", "NEVER_SET"))
    assert (header(read, "Response"), header(read, "Value")) == ("Success", "")


async def test_core_show_channels_lists_the_newest_channels_first(sim: Simulator, ami: RawAMI) -> None:
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    sim.engine.pause("Local/1002@agents/n", "support", True, "")
    for number in ("5550001", "5550002"):
        sim.engine.originate(
            OriginateRequest(
                channel="Local/support@queue-entry", application="Wait", data="600", callerid=f"<{number}>"
            )
        )
        advance(sim, 1)
    action_id = ami.send("CoreShowChannels")
    complete = await ami.wait_for(lambda f: header(f, "Event") == "CoreShowChannelsComplete")
    callers = [
        header(frame, "CallerIDNum")
        for frame in ami.frames
        if header(frame, "ActionID") == action_id and header(frame, "Event") == "CoreShowChannel"
    ]
    assert callers == ["5550002", "5550002", "5550001", "5550001"]
    assert header(complete, "ListItems") == "4"


async def test_device_state_list_reports_the_last_state_of_each_device(sim: Simulator, ami: RawAMI) -> None:
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    action_id = ami.send("DeviceStateList")
    await ami.wait_for(lambda f: header(f, "Event") == "DeviceStateListComplete")
    states = {
        header(frame, "Device"): header(frame, "State")
        for frame in ami.frames
        if header(frame, "ActionID") == action_id and header(frame, "Event") == "DeviceStateChange"
    }
    assert states["Queue:support_pause_Local/1001@agents/n"] == "INUSE"
