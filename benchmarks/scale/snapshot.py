"""What one board's snapshot costs a web process, measured in the orchestrator at the end."""

from __future__ import annotations

import json
import time
from typing import TypedDict

from benchmarks.scale.center import ADMIN_USERNAME


class SnapshotCost(TypedDict):
    """What one board's snapshot costs its web process (best of three, measured in this process)."""

    scope_ms: float  # board.scope_for: the viewer's agents and queues from the database
    read_ms: float  # livestate.read_all: every node's live state from Redis
    frame_ms: float  # board.snapshot_frame: the viewer's board
    json_ms: float  # json.dumps of the frame
    bytes: int


def snapshot_cost() -> SnapshotCost:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from callcenter.wallboard import board, livestate

    user = get_user_model().objects.get(username=ADMIN_USERNAME)
    best: SnapshotCost | None = None
    best_s = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        scope = board.scope_for(user)
        scoped = time.perf_counter()
        snapshots = livestate.read_all()
        read = time.perf_counter()
        frame = board.snapshot_frame(scope, snapshots, [])
        framed = time.perf_counter()
        text = json.dumps(frame, separators=(",", ":"))
        done = time.perf_counter()
        cost = SnapshotCost(
            scope_ms=1000 * (scoped - started),
            read_ms=1000 * (read - scoped),
            frame_ms=1000 * (framed - read),
            json_ms=1000 * (done - framed),
            bytes=len(text.encode()),
        )
        if best is None or done - started < best_s:
            best, best_s = cost, done - started
    connection.close()
    if best is None:
        raise RuntimeError("no snapshot measured")
    return best
