"""The AMI server's session handling, wording and fault switches, checked against the s00/s09/s10 recordings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, RawAMI, header, kind, load_transcript, names, parse_frames
from tests.simulator.conftest import advance


def _recorded_response(fixtures: Path, scenario: str, action_id: str) -> Frame:
    return next(
        frame for frame in load_transcript(fixtures, scenario) if header(frame, "ActionID") == action_id
    )


async def test_banner_is_asterisk_22s(sim: Simulator, asterisk_fixtures: Path) -> None:
    client = await RawAMI.connect(sim.port)
    banner, _ = parse_frames((asterisk_fixtures / "transcripts" / "s00_session.ami").read_bytes())
    assert client.banner == banner + "\r\n" == "Asterisk Call Manager/11.0.0\r\n"
    await client.close()


async def test_login_sends_fully_booted_then_successful_auth(sim: Simulator, asterisk_fixtures: Path) -> None:
    client = await RawAMI.connect(sim.port)
    response = await client.login()
    await client.wait_for(lambda f: header(f, "Event") == "SuccessfulAuth")
    recorded = load_transcript(asterisk_fixtures, "s00_session")[:3]
    assert [kind(frame) for frame in client.frames[:3]] == [kind(frame) for frame in recorded]
    assert [names(frame) for frame in client.frames[1:3]] == [names(frame) for frame in recorded[1:3]]
    assert header(response, "Message") == "Authentication accepted"
    await client.close()


async def test_login_with_events_off_gets_no_events(sim: Simulator) -> None:
    client = await RawAMI.connect(sim.port)
    await client.login(events="off")
    pong = await client.action("Ping")
    assert [kind(frame) for frame in client.frames] == ["Response:Success", "Response:Success"]
    assert header(pong, "Ping") == "Pong"
    await client.close()


async def test_action_before_login_is_permission_denied(sim: Simulator, asterisk_fixtures: Path) -> None:
    client = await RawAMI.connect(sim.port)
    response = await client.action("Ping", action_id="s10_login_failure_client-2")
    assert response == _recorded_response(
        asterisk_fixtures, "s10_login_failure_client", "s10_login_failure_client-2"
    )
    await client.close()


async def test_wrong_password_fails_and_the_server_closes_the_socket(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    client = await RawAMI.connect(sim.port)
    response = await client.action(
        "Login",
        ("Username", "ccadmin"),
        ("Secret", "wrong"),
        ("Events", "on"),
        action_id="s10_login_failure_client-3",
    )
    assert response == _recorded_response(
        asterisk_fixtures, "s10_login_failure_client", "s10_login_failure_client-3"
    )
    await asyncio.wait_for(client.closed.wait(), 5)
    await client.close()


async def test_observer_sees_the_security_events_of_other_sessions(
    sim: Simulator, ami: RawAMI, asterisk_fixtures: Path
) -> None:
    bad = await RawAMI.connect(sim.port)
    await bad.action("Ping")
    await bad.action("Login", ("Username", "ccadmin"), ("Secret", "wrong"))
    unknown = await RawAMI.connect(sim.port)
    await unknown.action("Login", ("Username", "nosuchuser"), ("Secret", "x"))
    good = await RawAMI.connect(sim.port)
    await good.login(events="off")
    await good.action("NoSuchAction")
    good.send_raw(b"ActionID: missing-action\r\nFoo: bar\r\n\r\n")
    await good.response("missing-action")
    await ami.wait_for(lambda f: header(f, "RequestType") == "Action: NONE")
    ours = [frame for frame in ami.frames if header(frame, "Privilege") == "security,all"][1:]
    recorded = [
        f
        for f in load_transcript(asterisk_fixtures, "s10_errors")
        if header(f, "Privilege") == "security,all"
    ][1:]
    assert [kind(frame) for frame in ours] == [kind(frame) for frame in recorded]
    assert [names(frame) for frame in ours] == [names(frame) for frame in recorded]
    assert [header(frame, "RequestType") for frame in ours] == [
        header(frame, "RequestType") for frame in recorded
    ]
    for client in (bad, unknown, good):
        await client.close()


async def test_malformed_client_errors_are_worded_as_asterisk(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    client = await RawAMI.connect(sim.port)
    sent = (asterisk_fixtures / "transcripts" / "s10_malformed_client.sent.ami").read_bytes()
    client.send_raw(sent)
    await asyncio.wait_for(client.closed.wait(), 5)
    ours = [frame for frame in client.frames if header(frame, "Response")]
    recorded = load_transcript(asterisk_fixtures, "s10_malformed_client")
    strip = {"Timestamp"}
    assert [[(k, v) for k, v in frame if k not in strip] for frame in ours] == [
        [(k, v) for k, v in frame if k not in strip] for frame in recorded
    ]


async def test_challenge_is_refused(sim: Simulator) -> None:
    client = await RawAMI.connect(sim.port)
    response = await client.action("Challenge", ("AuthType", "MD5"))
    assert (header(response, "Response"), header(response, "Message")) == ("Error", "Must specify AuthType")
    await client.close()


async def test_core_show_version_and_logoff_match_s00(sim: Simulator, asterisk_fixtures: Path) -> None:
    client = await RawAMI.connect(sim.port)
    await client.login()
    version = await client.action("Command", ("Command", "core show version"))
    goodbye = await client.action("Logoff", action_id="s00_session-7")
    assert names(version) == ["Response", "ActionID", "Message", "Output"]
    assert header(version, "Output").startswith("Asterisk 22.10.1 ")
    assert goodbye == _recorded_response(asterisk_fixtures, "s00_session", "s00_session-7")
    await asyncio.wait_for(client.closed.wait(), 5)


async def test_reload_commands_match_s09(sim: Simulator, ami: RawAMI, asterisk_fixtures: Path) -> None:
    recorded = load_transcript(asterisk_fixtures, "s09_reload")
    for number, action, headers in (
        (56, "Command", [("Command", "module reload app_queue.so")]),
        (57, "Reload", [("Module", "app_queue.so")]),
        (58, "QueueReload", [("Queue", "support"), ("Members", "yes")]),
        (60, "Command", [("Command", "dialplan reload")]),
    ):
        response = await ami.action(action, *headers, action_id=f"s09_reload-{number}")
        assert response == _recorded_response(asterisk_fixtures, "s09_reload", f"s09_reload-{number}")
    reloads = [frame for frame in ami.frames if header(frame, "Event") == "Reload"]
    assert reloads == [frame for frame in recorded if header(frame, "Event") == "Reload"]


async def test_queue_show_lists_members_and_callers(sim: Simulator, ami: RawAMI) -> None:
    response = await ami.action("Command", ("Command", "queue show support"))
    output = [value for name, value in response if name == "Output"]
    assert output[0].startswith("support has 0 calls (max unlimited) in 'rrmemory' strategy")
    assert (
        "Agent 1001 (Local/1001@agents/n) (ringinuse disabled) (Not in use) has taken no calls yet"
        in output[2]
    )
    assert output[-3] == "   No Callers"


async def test_getvar_setvar_status_on_a_live_channel(sim: Simulator, ami: RawAMI) -> None:
    await ami.action(
        "Originate",
        ("Channel", "Local/sales@queue-entry"),
        ("Application", "Wait"),
        ("Data", "30"),
        ("Async", "true"),
        ("Variable", "__AGENT_TALK=30"),
    )
    join = await ami.wait_for(lambda f: header(f, "Event") == "QueueCallerJoin")
    channel = header(join, "Channel")
    assert header(
        await ami.action("Setvar", ("Channel", channel), ("Variable", "NOTE"), ("Value", "vip")), "Message"
    ) == ("Variable Set")
    got = await ami.action("Getvar", ("Channel", channel), ("Variable", "NOTE"))
    assert (header(got, "Variable"), header(got, "Value")) == ("NOTE", "vip")
    action_id = ami.send("Status", ("Channel", channel), ("Variables", "NOTE,AGENT_TALK"))
    status = await ami.wait_for(
        lambda f: header(f, "Event") == "Status" and header(f, "ActionID") == action_id
    )
    assert [value for name, value in status if name == "Variable"] == ["NOTE=vip", "AGENT_TALK=30"]
    missing = await ami.action("Getvar", ("Channel", "Local/none-00000000;1"), ("Variable", "X"))
    assert header(missing, "Message") == "No such channel"


async def test_hangup_of_a_waiting_caller_is_an_abandon(sim: Simulator, ami: RawAMI) -> None:
    await ami.action("QueuePause", ("Interface", "Local/1201@agents/n"), ("Paused", "true"))
    await ami.action("QueuePause", ("Interface", "Local/1202@agents/n"), ("Paused", "true"))
    ami.send_caller("sales", 60)
    join = await ami.wait_for(lambda f: header(f, "Event") == "QueueCallerJoin")
    advance(sim, 5)
    response = await ami.action("Hangup", ("Channel", header(join, "Channel")))
    assert header(response, "Message") == "Channel Hungup"
    abandon = await ami.wait_for(lambda f: header(f, "Event") == "QueueCallerAbandon")
    assert header(abandon, "HoldTime") == "5"
    assert header(await ami.action("Hangup", ("Channel", "nope")), "Message") == "No such channel"


async def test_fault_drop_closes_every_connection(sim: Simulator, ami: RawAMI) -> None:
    other = await RawAMI.connect(sim.port)
    assert sim.drop_connections() == 2
    await asyncio.wait_for(ami.closed.wait(), 5)
    await asyncio.wait_for(other.closed.wait(), 5)
    again = await RawAMI.connect(sim.port)
    assert header(await again.login(), "Message") == "Authentication accepted"
    await again.close()
    await other.close()


async def test_fault_half_open_stops_answering_but_keeps_the_socket(sim: Simulator, ami: RawAMI) -> None:
    sim.half_open()
    action_id = ami.send("Ping")
    with pytest.raises(TimeoutError):
        await ami.response(action_id, timeout=0.3)
    assert not ami.closed.is_set()
    fresh = await RawAMI.connect(sim.port)
    assert header(await fresh.login(), "Message") == "Authentication accepted"
    await fresh.close()


async def test_fault_malformed_frame_reaches_clients(sim: Simulator, ami: RawAMI) -> None:
    sim.send_malformed()
    broken = await ami.wait_for(lambda f: header(f, "Event") == "Broken")
    assert ("this line has no colon", "") in broken


async def test_fault_restart_drops_clients_and_starts_new_uniqueids(sim: Simulator, ami: RawAMI) -> None:
    ami.send_caller("support", 60)
    first = await ami.wait_for(lambda f: header(f, "Event") == "Newchannel")
    advance(sim, 100)
    sim.restart()
    await asyncio.wait_for(ami.closed.wait(), 5)
    client = await RawAMI.connect(sim.port)
    await client.login()
    client.send_caller("support", 60)
    second = await client.wait_for(lambda f: header(f, "Event") == "Newchannel")
    assert header(first, "Uniqueid").split(".")[1] == header(second, "Uniqueid").split(".")[1] == "0"
    assert header(first, "Uniqueid") != header(second, "Uniqueid")
    assert header(second, "Channel") == "Local/support@queue-entry-00000000;1"
    status = await client.action("QueueStatus", ("Queue", "support"))
    assert header(status, "EventList") == "start"
    await client.close()


async def test_fault_can_be_triggered_over_ami(sim: Simulator, ami: RawAMI) -> None:
    other = await RawAMI.connect(sim.port)
    response = await ami.action("SimulatorFault", ("Fault", "drop"))
    assert header(response, "Message") == "Fault drop triggered"
    await asyncio.wait_for(other.closed.wait(), 5)
    await other.close()


async def test_unknown_user_from_config_dir_or_options(asterisk_fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "queues.conf").write_text((asterisk_fixtures / "conf" / "queues.conf").read_text())
    simulator = Simulator(config_dir=tmp_path, username="bridge", secret="s3cret")
    await simulator.start()
    try:
        client = await RawAMI.connect(simulator.port)
        assert header(await client.login("bridge", "s3cret"), "Message") == "Authentication accepted"
        await client.close()
        stranger = await RawAMI.connect(simulator.port)
        assert header(await stranger.login(), "Message") == "Authentication failed"
        await stranger.close()
    finally:
        await simulator.stop()


async def test_reload_of_a_module_asterisk_does_not_have_is_refused(sim: Simulator, ami: RawAMI) -> None:
    assert header(await ami.action("Reload", ("Module", "res_pjsip.so")), "Message") == "Module Reloaded"
    assert header(await ami.action("Reload", ("Module", "res_nothing.so")), "Message") == "No such module"


async def test_queue_show_after_the_recorded_history_matches_s09(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    import re

    from tests.simulator.replay import replay

    history = ["s01_inbound", "s02_abandon", "s03_ringnoanswer", "s04_pause_dynamic", "s05_status_snapshot"]
    for scenario in [*history, "s06_spy", "s07_outbound"]:
        await replay(sim, asterisk_fixtures, scenario)
    frames = await replay(sim, asterisk_fixtures, "s09_reload")

    def output(source: list[Frame]) -> list[str]:
        frame = next(f for f in source if header(f, "ActionID") == "s09_reload-59")
        # How long ago is wall-clock history, not behaviour: mask it.
        return [re.sub(r"\d+ secs ago", "N secs ago", value) for name, value in frame if name == "Output"]

    assert output(frames) == output(load_transcript(asterisk_fixtures, "s09_reload"))


async def test_a_client_that_stops_reading_is_cut_off(asterisk_fixtures: Path) -> None:
    from callcenter.simulator.clock import ManualClock
    from callcenter.simulator.workload import WorkloadOptions

    clock = ManualClock(1_795_338_000.0)
    busy = WorkloadOptions(calls_per_hour=5000, agent_behaviour=False)
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=clock, varset=True, workload=True, workload_options=busy
    )
    simulator.server.max_unread_bytes = 256 * 1024
    await simulator.start()
    try:
        _reader, writer = await asyncio.open_connection("127.0.0.1", simulator.port)
        writer.write(b"Action: Login\r\nUsername: ccadmin\r\nSecret: ccadmin-dummy-secret\r\n\r\n")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not (simulator.server.sessions and simulator.server.sessions[0].authenticated):
            assert loop.time() < deadline
            await asyncio.sleep(0.01)
        # The client never reads: center hours of traffic pile up until the server cuts it off.
        for _ in range(20000):
            if not simulator.server.sessions:
                break
            clock.advance(1)
            await asyncio.sleep(0)
        assert simulator.server.sessions == []
        writer.close()
    finally:
        await simulator.stop()
