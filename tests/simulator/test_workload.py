"""The seeded workload: arrivals, abandons, surveys, agent pauses and logouts, reproducible from the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callcenter.simulator.channels import Headers
from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import load_queues
from callcenter.simulator.engine import Engine
from callcenter.simulator.workload import Workload, WorkloadOptions

NOON_MSK = 1_795_338_000.0  # 2026-11-22 09:00 UTC = 12:00 Europe/Moscow


def _run(
    asterisk_fixtures: Path, seed: int, hours: float, **options: Any
) -> tuple[list[str], Workload, Engine]:
    clock = ManualClock(NOON_MSK)
    engine = Engine(clock, load_queues(asterisk_fixtures / "conf"), seed=seed)
    lines: list[str] = []
    engine.queue_log_listeners.append(lines.append)
    workload = Workload(engine, WorkloadOptions(**options), seed=seed)
    workload.start()
    clock.advance(hours * 3600)
    workload.stop()
    return lines, workload, engine


def _verbs(lines: list[str]) -> list[str]:
    return [line.split("|")[4] for line in lines]


def test_same_seed_same_day(asterisk_fixtures: Path) -> None:
    first, _, _ = _run(asterisk_fixtures, 5, 1, calls_per_hour=200)
    second, _, _ = _run(asterisk_fixtures, 5, 1, calls_per_hour=200)
    other, _, _ = _run(asterisk_fixtures, 6, 1, calls_per_hour=200)
    assert first == second
    assert first != other


def test_arrivals_follow_the_rate_and_every_caller_ends(asterisk_fixtures: Path) -> None:
    lines, _workload, engine = _run(
        asterisk_fixtures, 1, 2, calls_per_hour=300, queue_weights={"ringtest": 0}
    )
    verbs = _verbs(lines)
    entered = verbs.count("ENTERQUEUE")
    # Noon is at the profile's peak: ~600 calls in two hours (Poisson, so within a wide band).
    assert 480 < entered < 720
    ended = sum(verbs.count(v) for v in ("COMPLETECALLER", "COMPLETEAGENT", "ABANDON", "EXITWITHTIMEOUT"))
    waiting_or_talking = (
        len({e.chan.uniqueid for q in engine.queues.values() for e in q.entries})
        + len([a for a in engine.attempts_by_channel.values() if a.entry.connected is a]) // 2
    )
    assert entered - ended - waiting_or_talking <= 20


def test_short_abandons_and_surveys_appear(asterisk_fixtures: Path) -> None:
    lines, workload, _ = _run(asterisk_fixtures, 2, 2, calls_per_hour=300, short_abandon_share=0.2)
    abandons = [line.split("|") for line in lines if line.split("|")[4] == "ABANDON"]
    assert any(int(fields[7]) <= 10 for fields in abandons)
    surveys = [line.split("|") for line in lines if line.split("|")[4] == "SURVEY"]
    assert surveys and workload.surveys == len(surveys)
    assert all(fields[5] in {"1", "2", "3", "4", "5"} and fields[3] != "NONE" for fields in surveys)


def test_agents_take_breaks_lunches_and_log_out(asterisk_fixtures: Path) -> None:
    clock = ManualClock(NOON_MSK)
    engine = Engine(clock, load_queues(asterisk_fixtures / "conf"), seed=3)
    lines: list[str] = []
    statuses: list[str] = []
    engine.queue_log_listeners.append(lines.append)
    engine.sinks.append(
        lambda name, _p, headers: (
            statuses.append(dict(headers)["Status"]) if name == "QueueMemberStatus" else None
        )
    )
    workload = Workload(
        engine,
        WorkloadOptions(calls_per_hour=60, break_every=1800, lunch_every=3600, logout_every=3600),
        seed=3,
    )
    workload.start()
    clock.advance(3 * 3600)
    data = [line.split("|") for line in lines]
    assert {"break", "lunch"} <= {fields[5] for fields in data if fields[4] == "PAUSEALL"}
    assert "UNPAUSEALL" in _verbs(lines)
    assert "5" in statuses  # a logged-out agent's phone is UNAVAILABLE


def test_outbound_rates_drive_dialer_outcomes(asterisk_fixtures: Path) -> None:
    from callcenter.simulator.engine import OriginateRequest

    clock = ManualClock(NOON_MSK)
    engine = Engine(
        clock,
        load_queues(asterisk_fixtures / "conf"),
        seed=4,
        outbound_rates={"answer": 0.5, "busy": 0.3, "noanswer": 0.0, "congestion": 0.2},
    )
    reasons: list[int] = []
    for _lead in range(300):
        engine.originate(
            OriginateRequest(
                channel="Local/84951234567@dialer", context="dialer-connected", exten="s", timeout_ms=20000
            ),
            lambda success, reason, channel: reasons.append(reason),
        )
        clock.advance(30)
    assert set(reasons) == {4, 5, 8}
    assert 120 < reasons.count(4) < 180
    assert 60 < reasons.count(5) < 120


def test_a_workload_day_only_emits_recorded_event_shapes(asterisk_fixtures: Path) -> None:
    from tests.simulator.fidelity import recorded_header_sets

    recorded = recorded_header_sets(asterisk_fixtures)
    clock = ManualClock(NOON_MSK)
    engine = Engine(clock, load_queues(asterisk_fixtures / "conf"), seed=9, varset=True)
    shapes: dict[str, set[tuple[str, ...]]] = {}

    def sink(name: str, privilege: str, headers: Headers) -> None:
        shapes.setdefault(name, set()).add(("Event", "Privilege", *(key for key, _ in headers)))

    engine.sinks.append(sink)
    workload = Workload(
        engine, WorkloadOptions(calls_per_hour=400, break_every=900, logout_every=1800), seed=9
    )
    workload.start()
    clock.advance(3600)
    assert {
        "AgentRingNoAnswer",
        "QueueCallerAbandon",
        "AgentComplete",
        "QueueMemberPause",
        "DialState",
    } <= set(shapes)
    for name, seen in shapes.items():
        assert seen <= recorded[name], name
