"""A queue's figures, which app_queue reports both in QueueParams and as the QUEUE* variables Queue() sets."""

from __future__ import annotations

from dataclasses import dataclass

from callcenter.simulator.engine.model import Queue


@dataclass(frozen=True)
class QueueFigure:
    """One figure: its QueueParams header, its channel variable and its value."""

    header: str
    variable: str
    value: str


def queue_figures(queue: Queue) -> list[QueueFigure]:
    """The figures in the order both QueueParams and the variables give them."""
    stats, config = queue.stats, queue.config
    perf = 100.0 * stats.completed_in_sl / stats.completed if stats.completed else 0.0
    return [
        QueueFigure("Queue", "QUEUENAME", queue.name),
        QueueFigure("Max", "QUEUEMAX", str(config.maxlen)),
        QueueFigure("Strategy", "QUEUESTRATEGY", config.strategy),
        QueueFigure("Calls", "QUEUECALLS", str(len(queue.entries))),
        QueueFigure("Holdtime", "QUEUEHOLDTIME", str(stats.holdtime)),
        QueueFigure("TalkTime", "QUEUETALKTIME", str(stats.talktime)),
        QueueFigure("Completed", "QUEUECOMPLETED", str(stats.completed)),
        QueueFigure("Abandoned", "QUEUEABANDONED", str(stats.abandoned)),
        QueueFigure("ServiceLevel", "QUEUESRVLEVEL", str(config.servicelevel)),
        QueueFigure("ServicelevelPerf", "QUEUESRVLEVELPERF", f"{perf:.1f}"),
    ]
