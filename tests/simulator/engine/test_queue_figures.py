"""``queue_figures``: a queue's figures as Asterisk 22 recorded them in QueueParams and the QUEUE* variables."""

from __future__ import annotations

from pathlib import Path

from callcenter.simulator.channels import Channel
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.engine.model import Queue, QueueEntry, QueueStats
from callcenter.simulator.engine.queue_figures import queue_figures
from tests.harness.recordings import transcript

# The QUEUE* variables Queue() sets, in the order s01 recorded their VarSet events.
FIGURE_VARIABLES = 10


def _waiting(queue: Queue) -> QueueEntry:
    caller = Channel(
        name="Local/support@queue-entry-00000000;2",
        uniqueid="1795355838.1",
        linkedid="1795355838.0",
        context="queue-entry",
        exten="support",
        created=0.0,
    )
    return QueueEntry(queue=queue, chan=caller, phone=None, joined=0.0, opos=1, talk=4.0, max_wait=0.0)


def test_the_figures_are_the_recorded_queue_params(asterisk_fixtures: Path) -> None:
    recorded = next(
        message
        for message in transcript(asterisk_fixtures, "s05_status_snapshot")
        if message.get("Event") == "QueueParams" and message.get("Queue") == "ringtest"
    )
    ringtest = Queue(
        QueueConfig(name="ringtest", strategy="linear", servicelevel=20),
        stats=QueueStats(completed=1, holdtime=5, talktime=3, completed_in_sl=1),
    )
    figures = [(figure.header, figure.value) for figure in queue_figures(ringtest)]
    assert figures == recorded.headers[1 : 1 + len(figures)]


def test_the_figures_are_the_recorded_queue_variables(asterisk_fixtures: Path) -> None:
    set_variables = [
        (message.get("Variable"), message.get("Value"))
        for message in transcript(asterisk_fixtures, "s01_inbound")
        if message.get("Event") == "VarSet"
        and (message.get("Variable") or "").startswith("QUEUE")
        and not (message.get("Variable") or "").startswith("QUEUEWAIT")
    ]
    support = Queue(QueueConfig(name="support", strategy="rrmemory", servicelevel=20))
    support.entries.append(_waiting(support))
    figures = [(figure.variable, figure.value) for figure in queue_figures(support)]
    assert figures == set_variables[:FIGURE_VARIABLES]


def test_the_service_level_performance_is_the_share_of_completed_calls_in_time() -> None:
    queue = Queue(QueueConfig(name="support"), stats=QueueStats(completed=3, completed_in_sl=2))
    perf = queue_figures(queue)[-1]
    assert (perf.header, perf.variable, perf.value) == ("ServicelevelPerf", "QUEUESRVLEVELPERF", "66.7")
