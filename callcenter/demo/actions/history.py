"""The demo's past week: simulated traffic laid down in the node's queue_log with its recordings, then
loaded as production does (statistics, recordings, QA evaluations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.demo import audio
from callcenter.demo.actions.catalog import DEMO_RECORDED_QUEUES
from callcenter.demo.actions.evaluations import seed_demo_evaluations
from callcenter.demo.actions.upsert import upsert
from callcenter.demo.node import prepare_demo_node
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.quality import actions as quality_actions
from callcenter.simulator.config import load_queues
from callcenter.simulator.history import HistoryOptions, HistoryResult, write_history
from callcenter.simulator.queue_log import QueueLogWriter
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import QueueLogLine

DEMO_TIME_ZONE = "Europe/Moscow"
# Agents on duty at weekends: between them every queue is staffed.
DEMO_WEEKEND_EXTENSIONS = frozenset({"1001", "1002", "1005", "1006", "1009", "1010"})
DEMO_TRANSFERS = {"support": "sales", "sales": "support"}
# Half the callers ring the main line, a third the sales line, the rest are VIP customers.
DEMO_QUEUE_WEIGHTS = {"support": 0.5, "sales": 0.35, "vip": 0.15}


@dataclass(frozen=True)
class DemoHistory:
    """What one run of ``seed_demo_history`` did (all zeros but ``loaded`` when the history was there)."""

    start: datetime
    end: datetime
    lines_written: int
    calls_written: int
    recordings_written: int
    lines_loaded: int
    recordings_imported: int
    evaluations_created: int


def history_present(server: str, queue_log: Path, start: datetime) -> bool:
    """Whether the node already has the past week: its queue_log begins that long ago, or lines that old
    were loaded (a queue_log that began with live lines before the history was appended)."""
    cutoff = start + timedelta(days=1)
    if queue_log.exists():
        with queue_log.open("rb") as file:
            first = file.readline().split(b"|", 1)[0]
        if first.isdigit() and int(first) < cutoff.timestamp():
            return True
    return QueueLogLine.objects.filter(server=server, time__lt=cutoff).exists()


def seed_demo_history(
    *, now: datetime | None = None, days: int = 7, calls_per_hour: float = 200.0, seed: int = 1
) -> DemoHistory:
    """Lay down the past ``days`` days and today's morning of simulated traffic, then load it as production does.

    The simulator's lines go to the demo node's queue_log (once: a queue_log that already begins with the
    history is left as it is), each recorded call's audio under the node's recordings directory; then the
    statistics loader reads the file (exactly once per line), the quality import makes the recordings, and
    the demo supervisor scores a few of them on the demo QA form.
    """
    zone = ZoneInfo(DEMO_TIME_ZONE)
    end = now or timezone.now()
    start = datetime.combine(end.astimezone(zone).date() - timedelta(days=days), time(0), tzinfo=zone)
    server = _prepare_recording()
    node = prepare_demo_node(server.name)
    result = HistoryResult()
    if not history_present(server.name, node.queue_log, start):
        members = list(node.logins)
        weekend = {
            agent.effective_interface
            for agent in Agent.objects.filter(extension__in=DEMO_WEEKEND_EXTENSIONS, active=True)
        }
        queues = Queue.objects.all()
        options = HistoryOptions(
            timezone=DEMO_TIME_ZONE,
            calls_per_hour=calls_per_hour,
            queue_weights=dict(DEMO_QUEUE_WEIGHTS),
            weekend_interfaces=frozenset(weekend),
            transfer_targets=dict(DEMO_TRANSFERS),
            callback_queues=frozenset(q.name for q in queues if q.callback_enabled),
            recorded_queues=frozenset(q.name for q in queues if q.recording == Queue.Recording.ALL),
            recordings_dir=Path(server.recordings_dir),
        )
        writer = QueueLogWriter(node.queue_log)
        writer.open()
        try:
            result = write_history(
                load_queues(node.config_dir),
                members,
                writer,
                start=start,
                end=end,
                options=options,
                seed=seed,
            )
        finally:
            writer.close()
        clips = audio.clips(Path(server.recordings_dir) / ".demo-clips")
        for index, recorded in enumerate(result.recordings):
            audio.place(recorded.path, clips[index % len(clips)])
    loaded = stats_actions.load_server(server.pk)
    imported = quality_actions.import_recordings(server.name)
    evaluations = seed_demo_evaluations()
    return DemoHistory(
        start=start,
        end=end,
        lines_written=result.lines,
        calls_written=result.calls,
        recordings_written=len(result.recordings),
        lines_loaded=loaded.loaded if loaded else 0,
        recordings_imported=imported.imported,
        evaluations_created=evaluations,
    )


def _prepare_recording() -> AsteriskServer:
    """Record the demo's recorded queues, into a directory beside the demo node's queue_log."""
    server: AsteriskServer = AsteriskServer.objects.get(name="demo")
    recordings = str(Path(server.queue_log_path).parent.parent / "recordings")
    server = upsert(None, pbx_actions.save, AsteriskServer, {"name": "demo"}, {"recordings_dir": recordings})
    for queue in Queue.objects.filter(name__in=DEMO_RECORDED_QUEUES):
        upsert(None, pbx_actions.save, Queue, {"pk": queue.pk}, {"recording": Queue.Recording.ALL})
    return server
