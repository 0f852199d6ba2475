"""Load a queue_log file into the database: idempotent, resumable, rotation-aware.

The position (inode, byte offset, line number) is committed in the same transaction as the rows of
each batch, so a crash loses nothing and repeats nothing: the next run starts at the committed offset,
and any line stored twice is refused by the natural key anyway. Only complete lines (ending in a
newline) are read; Asterisk may be half-way through writing the last one.

On PostgreSQL the rows go through COPY into a temporary staging table, then one
``INSERT ... ON CONFLICT DO NOTHING``; elsewhere (SQLite, the demo) through ``bulk_create``.
"""

from __future__ import annotations

import hashlib
import io
import os
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, cast

from django.db import connection, transaction

from callcenter.stats import assembly
from callcenter.stats.models import LoaderPosition, QuarantinedLine, QueueLogLine
from callcenter.stats.parser import MalformedLine, parse_line

DEFAULT_BATCH_LINES = 100_000
_READ_CHUNK = 4 * 1024 * 1024


@dataclass
class LoadResult:
    """What one run did: every line read is exactly one of loaded, duplicate or quarantined."""

    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    files: list[str] = field(default_factory=list)

    def add(self, other: LoadResult) -> None:
        self.loaded += other.loaded
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined

    def as_dict(self) -> dict[str, int]:
        return {"loaded": self.loaded, "duplicates": self.duplicates, "quarantined": self.quarantined}


class _RawLine(NamedTuple):
    offset: int
    number: int
    raw: bytes


def _complete_lines(path: Path, offset: int, first_number: int) -> Iterator[tuple[_RawLine, int]]:
    """Yield each complete line from ``offset`` with the offset just after it."""
    number = first_number
    with path.open("rb") as handle:
        handle.seek(offset)
        pending = b""
        position = offset
        while True:
            chunk = handle.read(_READ_CHUNK)
            if not chunk:
                return
            buffer = pending + chunk
            cut = buffer.rfind(b"\n") + 1
            pending = buffer[cut:]
            start = position
            for raw in buffer[:cut].split(b"\n")[:-1]:
                number += 1
                after = start + len(raw) + 1
                yield _RawLine(start, number, raw.rstrip(b"\r")), after
                start = after
            position += cut


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")


def _num(value: int | None) -> str:
    return "\\N" if value is None else str(value)


@lru_cache(maxsize=65536)
def _timestamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(epoch))


_COLUMNS = (
    "server, line_hash, file_offset, time, callid, queue, agent, verb, data, wait_s, talk_s, value, info"
)
_STAGE_SQL = """
CREATE TEMP TABLE IF NOT EXISTS stats_stage (
    server text, line_hash uuid, file_offset bigint, time timestamptz, callid text, queue text, agent text,
    verb text, data text, wait_s integer, talk_s integer, value integer, info text
) ON COMMIT DELETE ROWS
"""
_STAGE_INSERT_SQL = f"""
INSERT INTO stats_queuelogline ({_COLUMNS}) SELECT {_COLUMNS} FROM stats_stage ON CONFLICT DO NOTHING
"""  # noqa: S608


class _Batch:
    """The lines of one transaction, parsed, with the quarantined ones apart."""

    def __init__(self, server: str, path: str) -> None:
        self.server = server
        self.path = path
        self.copy_rows: list[str] = []
        self.rows: list[QueueLogLine] = []
        self.count = 0
        self.quarantine: list[QuarantinedLine] = []
        self.use_copy = connection.vendor == "postgresql"

    def add(self, line: _RawLine) -> None:
        self.count += 1
        digest = hashlib.md5(line.raw, usedforsecurity=False).hexdigest()
        try:
            text = line.raw.decode("utf-8")
        except UnicodeDecodeError:
            self._quarantine(line, digest, "not UTF-8 text", line.raw.decode("utf-8", "replace"))
            return
        try:
            parsed = parse_line(text)
        except (MalformedLine, ValueError) as exc:
            self._quarantine(line, digest, str(exc)[:200], text)
            return
        if self.use_copy:
            callid, queue, agent, data, info = (
                parsed.callid,
                parsed.queue,
                parsed.agent,
                parsed.data,
                parsed.info,
            )
            if "\\" in text or "\t" in text or "\r" in text:
                callid, queue, agent, data, info = (_escape(v) for v in (callid, queue, agent, data, info))
            self.copy_rows.append(
                f"{self.server}\t{digest}\t{line.offset}\t{_timestamp(parsed.epoch)}\t{callid}\t{queue}\t"
                f"{agent}\t{parsed.verb}\t{data}\t{_num(parsed.wait_s)}\t{_num(parsed.talk_s)}\t"
                f"{_num(parsed.value)}\t{info}\n"
            )
        else:
            self.rows.append(
                QueueLogLine(
                    server=self.server,
                    line_hash=uuid.UUID(hex=digest),
                    file_offset=line.offset,
                    time=datetime.fromtimestamp(parsed.epoch, tz=UTC),
                    callid=parsed.callid,
                    queue=parsed.queue,
                    agent=parsed.agent,
                    verb=parsed.verb,
                    data=parsed.data,
                    wait_s=parsed.wait_s,
                    talk_s=parsed.talk_s,
                    value=parsed.value,
                    info=parsed.info,
                )
            )

    def _quarantine(self, line: _RawLine, digest: str, reason: str, text: str) -> None:
        self.quarantine.append(
            QuarantinedLine(
                server=self.server,
                path=self.path,
                line_number=line.number,
                line_hash=uuid.UUID(hex=digest),
                file_offset=line.offset,
                reason=reason,
                raw_text=text[:10_000],
            )
        )

    def store(self) -> LoadResult:
        """Insert the batch (inside the caller's transaction) and assemble what it touched."""
        result = LoadResult()
        since_id = _max_line_id()
        parsed_count = self.count - len(self.quarantine)
        if parsed_count:
            inserted = self._store_copy() if self.use_copy else self._store_generic(since_id)
            result.loaded = inserted
            result.duplicates = parsed_count - inserted
            if inserted:
                assembly.assemble(self.server, since_id)
        if self.quarantine:
            before = QuarantinedLine.objects.filter(server=self.server).count()
            QuarantinedLine.objects.bulk_create(self.quarantine, ignore_conflicts=True)
            new = QuarantinedLine.objects.filter(server=self.server).count() - before
            result.quarantined = new
            result.duplicates += len(self.quarantine) - new
        return result

    def _store_copy(self) -> int:
        """COPY straight into the table; if any line is already there, redo it through the staging table."""
        payload = "".join(self.copy_rows)
        savepoint = transaction.savepoint()
        try:
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY stats_queuelogline ({_COLUMNS}) FROM STDIN", io.StringIO(payload)
                )
        except cast(Any, connection).Database.IntegrityError:  # the driver's own error (raw COPY)
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
            return len(self.copy_rows)
        with connection.cursor() as cursor:
            cursor.execute(_STAGE_SQL)
            cursor.execute("TRUNCATE stats_stage")
            cursor.cursor.copy_expert(f"COPY stats_stage ({_COLUMNS}) FROM STDIN", io.StringIO(payload))
            cursor.execute(_STAGE_INSERT_SQL)
            return int(cursor.rowcount)

    def _store_generic(self, since_id: int) -> int:
        QueueLogLine.objects.bulk_create(self.rows, batch_size=500, ignore_conflicts=True)
        return QueueLogLine.objects.filter(server=self.server, id__gt=since_id).count()


def _max_line_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM stats_queuelogline")
        value = cursor.fetchone()[0]
    return int(value or 0)


@dataclass
class _ParsedBatch:
    """A batch parsed ahead by the reader thread: where it starts and ends in the file."""

    batch: _Batch
    start_offset: int
    end_offset: int
    last_number: int


class _Reader(threading.Thread):
    """Parses batches ahead of the database work (which releases the GIL while it waits on PostgreSQL)."""

    def __init__(self, server: str, source: Path, offset: int, number: int, batch_lines: int) -> None:
        super().__init__(name="queue-log-reader", daemon=True)
        self.args = (server, source, offset, number, batch_lines)
        self.batches: queue.Queue[_ParsedBatch | None] = queue.Queue(maxsize=2)
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        server, source, offset, number, batch_lines = self.args
        try:
            batch = _Batch(server, str(source))
            start = offset
            for line, after in _complete_lines(source, offset, number):
                if self.stop.is_set():
                    return
                batch.add(line)
                offset, number = after, line.number
                if batch.count >= batch_lines:
                    self.batches.put(_ParsedBatch(batch, start, offset, number))
                    batch, start = _Batch(server, str(source)), offset
            if batch.count:
                self.batches.put(_ParsedBatch(batch, start, offset, number))
        except BaseException as exc:  # handed to the loading thread, which raises it
            self.error = exc
        finally:
            self.batches.put(None)


def _load_range(
    server: str,
    source: Path,
    position_key: str,
    *,
    batch_lines: int,
    max_batches: int | None,
) -> tuple[LoadResult, bool]:
    """Load ``source`` from the stored position of ``position_key``; returns (result, reached the end).

    A reader thread parses the next batch while this thread stores the current one. Each batch is
    committed with its end position; if another loader moved the position meanwhile, this one stops.
    """
    result = LoadResult()
    start = LoaderPosition.objects.get(server=server, path=position_key)
    reader = _Reader(server, source, start.offset, start.line_number, batch_lines)
    reader.start()
    parsed = reader.batches
    batches = 0
    finished = True
    try:
        while (item := parsed.get()) is not None:
            with transaction.atomic():
                position = LoaderPosition.objects.select_for_update().get(server=server, path=position_key)
                if position.offset != item.start_offset:
                    finished = False
                    break
                result.add(item.batch.store())
                position.offset = item.end_offset
                position.line_number = item.last_number
                position.save(update_fields=["offset", "line_number", "updated_at"])
            batches += 1
            if max_batches is not None and batches >= max_batches:
                finished = False
                break
    finally:
        # Stop the reader and unblock it if it waits on the full queue, then wait for it.
        reader.stop.set()
        while reader.is_alive():
            try:
                parsed.get(timeout=0.1)
            except queue.Empty:
                continue
        reader.join()
    if reader.error is not None:
        raise reader.error
    if finished:
        return result, True
    return result, False


def _find_rotated(path: Path, inode: int, min_size: int) -> Path | None:
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
    max_batches: int | None = None,
) -> LoadResult:
    """Load what is new in a server's queue_log file; finish a rotated predecessor first.

    ``max_batches`` stops after that many committed batches (a bounded run, as if the process had been
    stopped there); the next call continues from the committed position.
    """
    live = Path(path).resolve()
    key = str(live)
    stat = live.stat()
    position, _created = LoaderPosition.objects.get_or_create(
        server=server, path=key, defaults={"inode": stat.st_ino}
    )
    total = LoadResult(files=[])
    rotated = position.inode != stat.st_ino or stat.st_size < position.offset
    if rotated:
        if position.offset:
            previous = _find_rotated(live, position.inode, position.offset)
            if previous is not None:
                part, finished = _load_range(
                    server, previous, key, batch_lines=batch_lines, max_batches=max_batches
                )
                total.add(part)
                total.files.append(str(previous))
                if not finished:
                    return total
        LoaderPosition.objects.filter(pk=position.pk).update(inode=stat.st_ino, offset=0, line_number=0)
    part, _finished = _load_range(server, live, key, batch_lines=batch_lines, max_batches=max_batches)
    total.add(part)
    total.files.append(key)
    if total.loaded:
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
