"""``manage.py load_queue_log``: the JSON counts, idempotency, and --follow stopping on SIGTERM."""

from __future__ import annotations

import io
import json
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command

from callcenter.stats.models import QueueLogLine
from tests.stats.loader_process import ROOT, loader_command, loader_env

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, int]:
    out = io.StringIO()
    call_command("load_queue_log", *args, "--json", stdout=out)
    result: dict[str, int] = json.loads(out.getvalue())
    return result


def test_json_counts_and_a_second_run_adds_nothing(asterisk_fixtures: Path) -> None:
    path = str(asterisk_fixtures / "queue_log" / "s04_pause_dynamic.queue_log")
    # s04 has 10 lines: PAUSE, UNPAUSE, PAUSEALL, PAUSE, UNPAUSEALL, UNPAUSE, ADDMEMBER, PENALTY, AGENTNOTE, REMOVEMEMBER.
    assert _run(path, "--server", "pbx1") == {"loaded": 10, "duplicates": 0, "quarantined": 0}
    assert _run(path, "--server", "pbx1") == {"loaded": 0, "duplicates": 0, "quarantined": 0}
    assert QueueLogLine.objects.count() == 10


def test_json_counts_quarantined_lines(write_log: Callable[..., Path]) -> None:
    path = write_log(["1795424400|a|support|NONE|ENTERQUEUE||1|1", "not a queue_log line"])
    assert _run(str(path), "--server", "pbx1") == {"loaded": 1, "duplicates": 0, "quarantined": 1}


@pytest.mark.django_db(transaction=True)
def test_follow_loads_until_sigterm(write_log: Callable[..., Path]) -> None:
    path = write_log(["1795424400|a|support|NONE|ENTERQUEUE||1|1"])
    process = subprocess.Popen(
        loader_command(path, "pbx9", "--follow", "--interval", "0.1"),
        cwd=ROOT,
        env=loader_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.strip() == "loaded 1, duplicates 0, quarantined 0"
        write_log(["1795424410|a|support|NONE|ABANDON|1|1|10"], append=True)
        assert process.stdout.readline().strip() == "loaded 1, duplicates 0, quarantined 0"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read().strip() == "loaded 2, duplicates 0, quarantined 0"
    finally:
        if process.poll() is None:
            process.kill()
    assert QueueLogLine.objects.filter(server="pbx9").count() == 2
