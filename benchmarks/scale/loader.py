"""The loader's process: ``load_queue_log`` of every node's file in rounds, noting each load's lag."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any, TypedDict


class LoadRecord(TypedDict):
    """One ``load_queue_log`` of one node's file."""

    server: str
    started: float  # epoch seconds
    finished: float
    loaded: int
    lag_s: float  # age of the oldest line that was waiting, when the load committed (0: nothing new)


class LoaderOutput(TypedDict):
    """What the loader's process writes when it stops."""

    loads: list[LoadRecord]
    backlog_s: dict[str, float]  # per node: age of the oldest line still waiting at the end


def read_loader_output(path: Path) -> LoaderOutput:
    """The loader's output, or no loads when it wrote none."""
    if not path.exists():
        return LoaderOutput(loads=[], backlog_s={})
    output: LoaderOutput = json.loads(path.read_text())
    return output


def first_unloaded_epoch(server: str, path: str) -> int | None:
    """The queue_log epoch of the first complete line the loader has not stored yet (None: none)."""
    from callcenter.stats.models import LoaderPosition

    live = Path(path).resolve()
    position = LoaderPosition.objects.filter(server=server, path=str(live)).first()
    offset = position.offset if position is not None and live.stat().st_ino == position.inode else 0
    with live.open("rb") as handle:
        handle.seek(offset)
        line = handle.readline()
    if not line.endswith(b"\n"):
        return None
    return int(line.split(b"|", 1)[0])


def run_loader_role(names: list[str], interval: float, out: Path) -> None:
    from callcenter.pbx.models import AsteriskServer
    from callcenter.stats import actions

    stopping = threading.Event()

    def stop(_signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    servers = list(AsteriskServer.objects.filter(name__in=names).order_by("name"))
    records: list[LoadRecord] = []
    while not stopping.is_set():
        round_started = time.monotonic()
        for server in servers:
            path = server.queue_log_path
            if not os.path.isfile(path):
                continue
            oldest = first_unloaded_epoch(server.name, path)
            started = time.time()
            result = actions.load_queue_log(path, server.name)
            finished = time.time()
            records.append(
                LoadRecord(
                    server=server.name,
                    started=started,
                    finished=finished,
                    loaded=result.loaded,
                    lag_s=finished - oldest if oldest is not None and result.loaded else 0.0,
                )
            )
        stopping.wait(max(0.0, round_started + interval - time.monotonic()))
    backlog = {
        server.name: (
            time.time() - epoch
            if (epoch := first_unloaded_epoch(server.name, server.queue_log_path))
            else 0.0
        )
        for server in servers
        if os.path.isfile(server.queue_log_path)
    }
    out.write_text(json.dumps(LoaderOutput(loads=records, backlog_s=backlog)), encoding="utf-8")
