"""Loading a server's queue_log file: resuming at the committed position, and the rotated file first."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from callcenter.stats import assembly, stages
from callcenter.stats.loader.result import (
    DEFAULT_BATCH_LINES,
    DEFAULT_COMMIT_INTERVAL_S,
    LoadResult,
)
from callcenter.stats.loader.run import load_range
from callcenter.stats.models import LoaderPosition


def find_rotated(path: Path, inode: int, min_size: int) -> Path | None:
    """The file the live queue_log was rotated to: same inode (renamed), else ``<name>.1`` (copied)."""
    candidates = []
    for entry in os.scandir(path.parent):
        if entry.name == path.name or not entry.name.startswith(path.name) or not entry.is_file():
            continue
        stat = entry.stat()
        if stat.st_ino == inode:
            return Path(entry.path)
        candidates.append((stat.st_mtime, Path(entry.path), stat.st_size))
    copied = path.with_name(path.name + ".1")
    for _mtime, candidate, size in candidates:
        if candidate == copied and size >= min_size:
            return candidate
    return None


def load_file(
    path: str | os.PathLike[str],
    server: str,
    *,
    batch_lines: int = DEFAULT_BATCH_LINES,
    commit_interval_s: float = DEFAULT_COMMIT_INTERVAL_S,
    max_batches: int | None = None,
    pipeline: bool | None = None,
) -> LoadResult:
    """Load what is new in a server's queue_log file; finish a rotated predecessor first.

    A batch commits after ``batch_lines`` lines or ``commit_interval_s`` seconds of work, whichever
    comes first. ``max_batches`` stops after that many committed batches (a bounded run, as if the
    process had been stopped there); the next call continues from the committed position. ``pipeline``
    chooses whether batches are assembled on a second connection (None: by the size of the unread
    text). Lines a stopped run stored but did not assemble are assembled first (or alongside).
    """
    total = LoadResult(files=[])
    with stages.recording(total.stages):
        return _load_file(Path(path), server, total, batch_lines, commit_interval_s, max_batches, pipeline)


def _load_file(
    path: Path,
    server: str,
    total: LoadResult,
    batch_lines: int,
    commit_interval_s: float,
    max_batches: int | None,
    pipeline: bool | None,
) -> LoadResult:
    live = path.resolve()
    key = str(live)
    stat = live.stat()
    position, _created = LoaderPosition.objects.get_or_create(
        server=server, path=key, defaults={"inode": stat.st_ino}
    )
    rotated = position.inode != stat.st_ino or stat.st_size < position.offset

    def load(source: Path) -> bool:
        """Load ``source`` into ``total``; True once it was read to its end."""
        part, finished = load_range(
            server,
            source,
            key,
            batch_lines=batch_lines,
            commit_interval_s=commit_interval_s,
            max_batches=max_batches,
            pipeline=pipeline,
        )
        total.add(part)
        total.files.append(str(source))
        return finished

    if rotated:
        if position.offset:
            previous = find_rotated(live, position.inode, position.offset)
            if previous is not None and not load(previous):
                return total
        LoaderPosition.objects.filter(pk=position.pk).update(inode=stat.st_ino, offset=0, line_number=0)
    load(live)
    if total.loaded:
        with stages.timed(stages.RELINK):
            assembly.relink_names()
    return total


def follow_file(
    path: str | os.PathLike[str],
    server: str,
    stop: threading.Event,
    *,
    interval_s: float = 1.0,
    on_result: object = None,
) -> LoadResult:
    """Keep loading new lines until ``stop`` is set (the command's --follow, stopped by SIGTERM)."""
    total = LoadResult()
    while not stop.is_set():
        result = load_file(path, server)
        total.add(result)
        if callable(on_result) and (result.loaded or result.quarantined):
            on_result(result)
        stop.wait(interval_s)
    return total
