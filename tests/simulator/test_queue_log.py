"""queue_log lines: the simulator's, for the recorded scenarios, against the recorded files field by field."""

from __future__ import annotations

from pathlib import Path

from callcenter.simulator.queue_log import QueueLogWriter, format_line
from callcenter.simulator.runner import Simulator
from tests.harness.recordings import QUEUE_SCENARIOS
from tests.simulator.replay import replay


def _fields(line: str) -> list[str]:
    return line.rstrip("\n").split("|")


def _shape(lines: list[str]) -> list[list[str]]:
    """Each line with the epoch and anything that is a Uniqueid replaced, the rest kept verbatim."""
    shaped = []
    for line in lines:
        fields = _fields(line)
        shaped.append(
            [
                "<t>",
                *(
                    "<uid>" if field.count(".") == 1 and field.replace(".", "").isdigit() else field
                    for field in fields[1:]
                ),
            ]
        )
    return shaped


def test_format_keeps_the_empty_data_field() -> None:
    assert format_line(1795355846.9, "NONE", "sales", "Agent 1201", "UNPAUSE", "") == (
        "1795355846|NONE|sales|Agent 1201|UNPAUSE|"
    )
    assert format_line(1795355838, "1795355838.1", "support", "NONE", "ENTERQUEUE", "", "5550001", 1) == (
        "1795355838|1795355838.1|support|NONE|ENTERQUEUE||5550001|1"
    )


def test_writer_appends_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    path.write_text("1795355800|NONE|NONE|NONE|QUEUESTART|\n")
    writer = QueueLogWriter(path)
    writer.open()
    writer.write(1795355858, "NONE", "support", "Agent 1001", "PAUSE", "break-15")
    assert path.read_text().splitlines()[-1] == "1795355858|NONE|support|Agent 1001|PAUSE|break-15"
    writer.close()


async def test_recorded_scenarios_write_the_recorded_lines(sim: Simulator, asterisk_fixtures: Path) -> None:
    for scenario in QUEUE_SCENARIOS:
        path = sim.queue_log.path
        assert path is not None
        before = len(path.read_text().splitlines()) if path.exists() else 0
        await replay(sim, asterisk_fixtures, scenario)
        ours = path.read_text().splitlines()[before:]
        recorded = (asterisk_fixtures / "queue_log" / f"{scenario}.queue_log").read_text().splitlines()
        if scenario == "s05_status_snapshot":
            # Two calls end in the same second; the recording logged them in thread order.
            ours, recorded = (
                sorted(ours, key=lambda line: _fields(line)[4]),
                sorted(recorded, key=lambda line: _fields(line)[4]),
            )
        assert _shape(ours) == _shape(recorded), scenario


async def test_epochs_and_durations_follow_center_time(sim: Simulator, asterisk_fixtures: Path) -> None:
    await replay(sim, asterisk_fixtures, "s03_ringnoanswer")
    path = sim.queue_log.path
    assert path is not None
    ours = [_fields(line) for line in path.read_text().splitlines()]
    recorded = [
        _fields(line)
        for line in (asterisk_fixtures / "queue_log" / "s03_ringnoanswer.queue_log").read_text().splitlines()
    ]
    assert [int(f[0]) - int(ours[0][0]) for f in ours] == [int(f[0]) - int(recorded[0][0]) for f in recorded]
    assert ours[2][2:] == ["ringtest", "Agent 1003", "CONNECT", "5", ours[2][6], "0"]


def test_every_line_of_a_workload_day_parses_with_the_statistics_loader(asterisk_fixtures: Path) -> None:
    from callcenter.simulator.clock import ManualClock
    from callcenter.simulator.config import load_queues
    from callcenter.simulator.engine import Engine
    from callcenter.simulator.workload import Workload, WorkloadOptions
    from callcenter.stats.parser import parse_line

    engine = Engine(ManualClock(1_795_338_000.0), load_queues(asterisk_fixtures / "conf"), seed=21)
    lines: list[str] = []
    engine.queue_log_listeners.append(lines.append)
    Workload(engine, WorkloadOptions(calls_per_hour=400, break_every=900, logout_every=1800), seed=21).start()
    clock = engine.clock
    assert isinstance(clock, ManualClock)
    clock.advance(2 * 3600)
    agent = next(line.split("|")[1] for line in lines if "|CONNECT|" in line)
    engine.pause("Local/1001@agents/n", None, True, "training")
    engine.log(agent, "support", "Agent 1001", "SURVEY", 5)
    verbs = {parse_line(line).verb for line in lines}
    assert {
        "ENTERQUEUE",
        "CONNECT",
        "COMPLETECALLER",
        "COMPLETEAGENT",
        "ABANDON",
        "RINGNOANSWER",
        "SURVEY",
    } <= verbs
    assert {"PAUSEALL", "PAUSE", "UNPAUSEALL", "UNPAUSE"} <= verbs
    recorded = [
        line
        for path in sorted((asterisk_fixtures / "queue_log").glob("*.queue_log"))
        for line in path.read_text().splitlines()
    ]
    assert {parse_line(line).verb for line in recorded} <= verbs | {
        "ADDMEMBER",
        "REMOVEMEMBER",
        "PENALTY",
        "AGENTNOTE",
    }


def test_exit_and_transfer_lines_parse_with_the_statistics_loader() -> None:
    from callcenter.stats.parser import parse_line
    from tests.simulator.engine_harness import harness, members

    h = harness(
        "[q](t)\nstrategy = ringall\ncontext = q-exit\nleavewhenempty = yes\n" + members("1001", "1002")
    )
    h.engine.queues["q"].config.leavewhenempty = frozenset()
    h.call("q", talk=60)
    h.call("q", talk=60)
    h.advance(5)
    legs = [event["DestChannel"] for event in h.named("AgentConnect")]
    h.engine.blind_transfer(legs[0], "3001", "transfer-target")
    h.engine.attended_transfer(legs[1], "3002", "transfer-target")
    h.engine.pause("Local/1001@agents/n", None, True, "x")
    h.engine.pause("Local/1002@agents/n", None, True, "x")
    h.call("q", variables="QTIMEOUT=10")
    h.call("q")
    h.advance(3)
    h.engine.press_key(h.engine.queues["q"].entries[1], "7")
    h.advance(10)
    h.engine.queues["q"].config.leavewhenempty = frozenset({"paused"})
    h.call("q")
    h.advance(3)
    verbs = [parse_line(line).verb for line in h.lines]
    assert {"BLINDTRANSFER", "ATTENDEDTRANSFER", "EXITWITHKEY", "EXITWITHTIMEOUT", "EXITEMPTY"} <= set(verbs)
