"""A simulated morning (the simulator's workload on the recorded queues.conf): the reports agree with its raw lines.

The expectations are counted straight from the queue_log text the simulator wrote, independently of
the loader and the SQL: ENTERQUEUE per queue, CONNECT per queue, ABANDON per queue, RINGNOANSWER per
agent, and the talk field of COMPLETECALLER/COMPLETEAGENT per agent.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import load_queues
from callcenter.simulator.engine import Engine
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.simulator.workload import Workload, WorkloadOptions
from callcenter.stats import reports
from callcenter.stats.loader import load_file

pytestmark = pytest.mark.django_db


def test_reports_match_the_simulated_lines(asterisk_fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "queue_log"
    writer = QueueLogWriter(path)
    writer.open()
    # 2026-11-22 09:00 UTC; two hours of traffic, all on that day in UTC.
    engine = Engine(
        ManualClock(1_795_338_000.0), load_queues(asterisk_fixtures / "conf"), queue_log=writer, seed=5
    )
    Workload(engine, WorkloadOptions(calls_per_hour=300, break_every=1200), seed=5).start()
    clock = engine.clock
    assert isinstance(clock, ManualClock)
    clock.advance(2 * 3600)
    writer.close()

    fields = [line.split("|") for line in path.read_text().splitlines()]
    offered = Counter(f[2] for f in fields if f[4] == "ENTERQUEUE")
    answered = Counter(f[2] for f in fields if f[4] == "CONNECT")
    abandoned = Counter(f[2] for f in fields if f[4] == "ABANDON")
    missed = Counter(f[3] for f in fields if f[4] == "RINGNOANSWER")
    talk: Counter[str] = Counter()
    for f in fields:
        if f[4] in ("COMPLETECALLER", "COMPLETEAGENT"):
            talk[f[3]] += int(f[6])
    assert sum(offered.values()) > 100 and sum(abandoned.values()) > 0 and sum(missed.values()) > 0

    result = load_file(path, "sim")
    assert result.as_dict() == {"loaded": len(fields), "duplicates": 0, "quarantined": 0}
    day = date(2026, 11, 22)
    report = reports.queue_report(reports.ReportFilter(day, day, "UTC"))
    assert {name: row["offered"] for name, row in report["queues"].items()} == dict(offered)
    assert {name: row["answered"] for name, row in report["queues"].items() if row["answered"]} == dict(
        answered
    )
    assert {name: row["abandoned"] for name, row in report["queues"].items() if row["abandoned"]} == dict(
        abandoned
    )
    agents = report["agents"]
    assert {name: entry["missed"] for name, entry in agents.items() if entry["missed"]} == dict(missed)
    assert {name: entry["talk_s"] for name, entry in agents.items() if entry["talk_s"]} == dict(talk)
