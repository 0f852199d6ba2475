"""Assembly plans that do not depend on how well the statistics know the server being loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from benchmarks.queue_log_gen import CenterShape, write
from callcenter.stats import assembly
from callcenter.stats.loader import load_file
from callcenter.stats.models import QueueLogLine

pytestmark = pytest.mark.django_db


def test_a_new_server_next_to_analysed_lines_finds_spanning_calls_by_callid(tmp_path: Path) -> None:
    # Statistics taken while another server's lines were all there is (a reused database, a new
    # server): without fresh ones the planner expects one line of the new server and reads all of
    # them for every callid it looks up.
    other = tmp_path / "other.log"
    write(other, CenterShape(agents=20, days=1, lines=20_000))
    load_file(other, "other", pipeline=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stats_queuelogline")
    new = tmp_path / "new.log"
    write(new, CenterShape(agents=20, days=1, lines=2_000, seed=8))
    load_file(new, "new", pipeline=False)

    last = QueueLogLine.objects.filter(server="new").order_by("-id").values_list("id", flat=True)[0]
    span = assembly._SPAN_SQL.split("INSERT INTO stats_call_span (callid)", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + span, ["new", last - 1_000, last, "new", last - 1_000])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    probes = [line for line in plan.splitlines() if "Index Cond" in line and "callid = " in line]
    assert probes, plan
