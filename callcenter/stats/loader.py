"""Load a queue_log file into the database: idempotent, resumable, rotation-aware.

The position (inode, byte offset, line number) is committed in the same transaction as the rows of
each batch, so a crash loses nothing and repeats nothing: the next run starts at the committed offset,
and any line stored twice is refused by the natural key anyway. Only complete lines (ending in a
newline) are read; Asterisk may be half-way through writing the last one.

A batch (one transaction) is bounded by lines and by time: it takes chunks of lines until about
``commit_interval_s`` of work is done, then commits. A process stopped at any moment therefore loses
at most that much work, and a loader that is killed again and again still moves forward.

The calls, missed rings, sessions and pauses are assembled from the stored lines up to the server's
AssemblyMark (callcenter.stats.assembly.catch_up, itself committed in bounded steps). A small load
assembles each batch in the transaction that stores it; a bulk load commits a batch's lines and
assembles them on a second connection while the next batch is stored, and a run stopped in between is
caught up by the next (on that second connection, while the first stores new lines).

On PostgreSQL (the 10-million-line month, see docs/performance.md) Python does almost nothing per
line: a reader thread finds the lines of the next chunks, hashes them, and each chunk is COPY'd as raw
text into a temporary staging table; the splitting, checking and typing of the fields happen in SQL
(callcenter.stats.parser.sql_parsed), then one INSERT ... SELECT into the raw table and a set-based
assembly (callcenter.stats.assembly). Lines the SQL parse refuses are given to parse_line, which
quarantines them with its reason or stores them after all. Elsewhere (SQLite, the demo) every line is
parsed in Python and stored with ``bulk_create``.

The seconds each stage took, on every thread of the load, are on its LoadResult (``stages``, see
callcenter.stats.stages); the statistics benchmark prints them.
"""

from __future__ import annotations

import hashlib
import io
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from django.db import IntegrityError, connection, connections, transaction
from django.db.backends.utils import CursorWrapper

from callcenter.stats import assembly, stages
from callcenter.stats.models import LoaderPosition, QuarantinedLine, QueueLogLine
from callcenter.stats.parser import MalformedLine, line_hash, parse_line, sql_parsed, sql_refused

# The most lines one transaction stores (~50 MB of COPY data for 500,000).
DEFAULT_BATCH_LINES = 500_000
# A batch commits once this much time went into it, whatever its size: a process stopped at any moment
# loses at most this much work. Per-batch work (the pause and session rebuild, the span look-ups, the
# commit) favours longer batches; a bulk load's first batch is stored and its last assembled with the
# other connection idle, which favours shorter ones.
DEFAULT_COMMIT_INTERVAL_S = 1.5
# Lines per COPY and INSERT statement: the unit a batch is made of and the granularity of its time bound.
CHUNK_LINES = 50_000
# A run's first batch is one chunk of at most this many lines: whatever stopped the previous run, this
# one commits something after a moment of work, even on a machine busy with other things.
FIRST_CHUNK_LINES = 5_000
_READ_CHUNK = 4 * 1024 * 1024
# Below this much unread text a load is one or two batches: they are assembled in their own transaction
# instead of on a second connection (the --follow case, a few lines a second).
_PIPELINE_MIN_BYTES = 16 * 1024 * 1024


@dataclass
class LoadResult:
    """What one run did: every line read is exactly one of loaded, duplicate or quarantined."""

    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    files: list[str] = field(default_factory=list)
    # Where the time went (callcenter.stats.stages); not part of what was loaded.
    stages: stages.StageTimes = field(default_factory=stages.StageTimes, compare=False, repr=False)

    def add(self, other: LoadResult) -> None:
        self.loaded += other.loaded
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        if other.stages is not self.stages:
            self.stages.merge(other.stages)

    def as_dict(self) -> dict[str, int]:
        return {"loaded": self.loaded, "duplicates": self.duplicates, "quarantined": self.quarantined}


class _RawLine(NamedTuple):
    offset: int
    number: int
    raw: bytes


def _complete_blocks(path: Path, offset: int) -> Iterator[list[bytes]]:
    """Yield the complete lines from ``offset`` (without their newlines), a read at a time.

    A line is complete when its newline is there; the rest waits for the next run.
    """
    with path.open("rb") as handle:
        handle.seek(offset)
        pending = b""
        while True:
            chunk = handle.read(_READ_CHUNK)
            if not chunk:
                return
            buffer = pending + chunk
            cut = buffer.rfind(b"\n") + 1
            pending = buffer[cut:]
            if cut:
                yield buffer[: cut - 1].split(b"\n")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _escape_copy(raw: bytes) -> bytes:
    """A line as a field of COPY's text format (the only bytes it treats specially)."""
    return raw.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\r", b"\\r")


_STAGE = "stats_line_stage"
_STAGE_SQL = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (
    file_offset bigint, line_number bigint, line_hash uuid, raw text
) ON COMMIT DELETE ROWS
"""
_COLUMNS = "file_offset, line_hash, time, callid, queue, agent, verb, data, wait_s, talk_s, value, info"
# A parse_line-accepted line left over by the SQL parse, stored one by one (rare: odd but valid shapes).
_INSERT_ONE_SQL = f"""
INSERT INTO stats_queuelogline (server, {_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT DO NOTHING
"""  # noqa: S608


class _Batch:
    """A chunk of consecutive lines (one COPY and INSERT), read ahead by the reader thread.

    On PostgreSQL the lines are kept as COPY rows (offset, line number, text) to be split in SQL
    (callcenter.stats.parser.sql_parsed); the reader only finds where each line starts and checks, a
    whole read at a time, that the text is UTF-8 without NUL bytes (which PostgreSQL text cannot hold).
    Elsewhere each line is parsed here by parse_line.
    """

    def __init__(self, server: str, path: str, start_offset: int, last_number: int) -> None:
        self.server = server
        self.path = path
        self.start_offset = start_offset
        self.end_offset = start_offset
        self.last_number = last_number
        self.count = 0
        self.use_copy = connection.vendor == "postgresql"
        self.copy_rows: list[bytes] = []
        self.rows: list[QueueLogLine] = []
        self.quarantine: list[QuarantinedLine] = []
        self.upto_id = 0

    def add(self, lines: list[bytes]) -> None:
        """Add consecutive complete lines (without their newlines) that start at ``end_offset``."""
        offset, number = self.end_offset, self.last_number
        if self.use_copy:
            block = b"\n".join(lines)
            plain = not any(special in block for special in (b"\\", b"\t", b"\r", b"\x00"))
            if plain and _is_utf8(block):
                # The hot path: 10 million lines go through this loop, so it does nothing else.
                rows, md5 = self.copy_rows, hashlib.md5
                for raw in lines:
                    number += 1
                    digest = md5(raw, usedforsecurity=False).hexdigest().encode()
                    rows.append(b"%d\t%d\t%s\t%s\n" % (offset, number, digest, raw))
                    offset += len(raw) + 1
            else:
                for raw in lines:
                    number += 1
                    self._add_checked(_RawLine(offset, number, raw.rstrip(b"\r")))
                    offset += len(raw) + 1
        else:
            for raw in lines:
                number += 1
                self._add_parsed(_RawLine(offset, number, raw.rstrip(b"\r")))
                offset += len(raw) + 1
        self.count += len(lines)
        self.end_offset, self.last_number = offset, number

    def _add_checked(self, line: _RawLine) -> None:
        if b"\x00" in line.raw:
            self._quarantine(
                line, "contains a NUL byte", line.raw.replace(b"\x00", b"").decode("utf-8", "replace")
            )
        elif not _is_utf8(line.raw):
            self._quarantine(line, "not UTF-8 text", line.raw.decode("utf-8", "replace"))
        else:
            digest = hashlib.md5(line.raw, usedforsecurity=False).hexdigest().encode()
            self.copy_rows.append(
                b"%d\t%d\t%s\t%s\n" % (line.offset, line.number, digest, _escape_copy(line.raw))
            )

    def _add_parsed(self, line: _RawLine) -> None:
        try:
            text = line.raw.decode("utf-8")
        except UnicodeDecodeError:
            self._quarantine(line, "not UTF-8 text", line.raw.decode("utf-8", "replace"))
            return
        try:
            parsed = parse_line(text)
        except ValueError as exc:  # MalformedLine, or any other refusal of the text
            self._quarantine(line, str(exc)[:200], text)
            return
        self.rows.append(
            QueueLogLine(
                server=self.server,
                line_hash=line_hash(line.raw),
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

    def _quarantine(self, line: _RawLine, reason: str, text: str) -> None:
        self.quarantine.append(
            QuarantinedLine(
                server=self.server,
                path=self.path,
                line_number=line.number,
                line_hash=line_hash(line.raw),
                file_offset=line.offset,
                reason=reason,
                raw_text=text[:10_000],
            )
        )

    def store(self) -> LoadResult:
        """Insert the batch inside the caller's transaction; ``upto_id`` is then the last line id it may hold.

        Assembling the new lines is the caller's next step (assembly.catch_up up to ``upto_id``).
        """
        result = LoadResult()
        with stages.timed(stages.STAGING):
            since_id = _max_line_id()
        inserted = self._store_copy() if self.use_copy else self._store_generic(since_id)
        with stages.timed(stages.STAGING):
            self.upto_id = _max_line_id() if inserted else since_id
        result.loaded = inserted
        result.duplicates = self.count - len(self.quarantine) - inserted
        if self.quarantine:
            before = QuarantinedLine.objects.filter(server=self.server).count()
            QuarantinedLine.objects.bulk_create(self.quarantine, ignore_conflicts=True)
            new = QuarantinedLine.objects.filter(server=self.server).count() - before
            result.quarantined = new
            result.duplicates += len(self.quarantine) - new
        return result

    def _store_copy(self) -> int:
        """COPY the lines into the staging table, then split, check and insert them in SQL.

        The natural key refuses lines already stored (ON CONFLICT DO NOTHING). The lines the SQL
        parse refuses come back to parse_line: quarantined with its reason, or stored after all.
        """
        if not self.copy_rows:
            return 0
        inserted = 0
        with connection.cursor() as cursor:
            with stages.timed(stages.STAGING):
                # Commit without waiting for the WAL flush: the position commits atomically with the
                # rows, so a crash can only lose whole recent batches together with their position,
                # and the next run reads those lines again from the file (which Asterisk keeps).
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute(_STAGE_SQL)
                # Several chunks may share the transaction; the staging table holds one at a time.
                cursor.execute(f"TRUNCATE {_STAGE}")
            with stages.timed(stages.COPY):
                cursor.cursor.copy_expert(
                    f"COPY {_STAGE} (file_offset, line_number, line_hash, raw) FROM STDIN",
                    io.BytesIO(b"".join(self.copy_rows)),
                )
            with stages.timed(stages.INSERT):
                inserted = self._insert_parsed(cursor)
            # All staged lines stored: none was refused by the SQL parse, none was there already.
            if inserted == len(self.copy_rows):
                return inserted
            with stages.timed(stages.REFUSED):
                inserted += self._store_refused(cursor)
        return inserted

    def _store_refused(self, cursor: CursorWrapper) -> int:
        """Give the lines the SQL parse refused to parse_line: quarantined, or stored after all."""
        inserted = 0
        cursor.execute(sql_refused(_STAGE))
        refused = cursor.fetchall()
        for offset, number, text in refused:
            line = _RawLine(int(offset), int(number), str(text).encode("utf-8"))
            try:
                parsed = parse_line(str(text))
            except MalformedLine as exc:
                self._quarantine(line, str(exc)[:200], str(text))
                continue
            cursor.execute(
                _INSERT_ONE_SQL,
                [
                    self.server,
                    line.offset,
                    line_hash(line.raw),
                    datetime.fromtimestamp(parsed.epoch, tz=UTC),
                    parsed.callid,
                    parsed.queue,
                    parsed.agent,
                    parsed.verb,
                    parsed.data,
                    parsed.wait_s,
                    parsed.talk_s,
                    parsed.value,
                    parsed.info,
                ],
            )
            inserted += int(cursor.rowcount)
        return inserted

    def _insert_parsed(self, cursor: CursorWrapper) -> int:
        """Insert the accepted staged lines; returns how many were new.

        A plain INSERT first: it is a third cheaper than ``ON CONFLICT DO NOTHING``, which checks the
        natural key before each row, and lines already stored are rare (a reload after a lost position,
        a rotated copy read again). If one is there, the batch is inserted again skipping those.
        """
        insert = (
            f"INSERT INTO stats_queuelogline (server, {_COLUMNS}) "  # noqa: S608
            f"SELECT %s, {_COLUMNS} FROM ({sql_parsed(_STAGE)}) p"
        )
        savepoint = transaction.savepoint()
        try:
            cursor.execute(insert, [self.server])
        except IntegrityError:
            transaction.savepoint_rollback(savepoint)
            cursor.execute(insert + " ON CONFLICT DO NOTHING", [self.server])
        else:
            transaction.savepoint_commit(savepoint)
        return int(cursor.rowcount)

    def _store_generic(self, since_id: int) -> int:
        QueueLogLine.objects.bulk_create(self.rows, batch_size=500, ignore_conflicts=True)
        return QueueLogLine.objects.filter(server=self.server, id__gt=since_id).count()


def _max_line_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM stats_queuelogline")
        value = cursor.fetchone()[0]
    return int(value or 0)


def _watch_client(cursor: CursorWrapper) -> None:
    """Have PostgreSQL abort this transaction's statements soon after the client process dies.

    Without it a killed loader's statement runs to its end (holding the server's locks) before the
    server notices; the next run would wait for it.
    """
    if connection.vendor == "postgresql" and int(getattr(connection, "pg_version", 0)) >= 140000:
        cursor.execute("SET LOCAL client_connection_check_interval = 1000")


def _chunk_lines(batch_lines: int) -> int:
    """Lines per chunk: at most CHUNK_LINES, and a whole number of chunks makes ``batch_lines``."""
    chunks = -(-batch_lines // CHUNK_LINES)
    return -(-batch_lines // chunks)


class _Reader(threading.Thread):
    """Reads chunks ahead of the database work (which releases the GIL while it waits on PostgreSQL)."""

    def __init__(self, server: str, source: Path, offset: int, number: int, chunk_lines: int) -> None:
        super().__init__(name="queue-log-reader", daemon=True)
        self.args = (server, source, offset, number, chunk_lines)
        # A few chunks ready ahead: PostgreSQL is the slower side.
        self.batches: queue.Queue[_Batch | None] = queue.Queue(maxsize=4)
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.times = stages.current() or stages.StageTimes()

    def run(self) -> None:
        server, source, offset, number, chunk_lines = self.args
        size = min(chunk_lines, FIRST_CHUNK_LINES)
        try:
            batch = _Batch(server, str(source), offset, number)
            for lines in _complete_blocks(source, offset):
                taken = 0
                while taken < len(lines):
                    if self.stop.is_set():
                        return
                    part = lines[taken : taken + size - batch.count]
                    started = time.perf_counter()
                    batch.add(part)
                    self.times.add(stages.READ, time.perf_counter() - started)
                    taken += len(part)
                    if batch.count >= size:
                        self.batches.put(batch)
                        batch = _Batch(server, str(source), batch.end_offset, batch.last_number)
                        size = chunk_lines
            if batch.count:
                self.batches.put(batch)
        except BaseException as exc:  # handed to the loading thread, which raises it
            self.error = exc
        finally:
            self.batches.put(None)


class _Assembler(threading.Thread):
    """Assembles committed batches on its own connection while the loading thread stores the next one.

    On two cores this overlaps the two halves of a bulk load (storing the lines, building the calls
    from them), which are each bound by one PostgreSQL backend.
    """

    _DONE = -1

    def __init__(self, server: str) -> None:
        super().__init__(name="queue-log-assembler", daemon=True)
        self.server = server
        # One committed batch waiting is enough to keep both connections busy.
        self.ranges: queue.Queue[int | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.times = stages.current() or stages.StageTimes()

    def run(self) -> None:
        try:
            with stages.recording(self.times):
                while (upto_id := self.ranges.get()) != self._DONE:
                    if self.error is None:
                        try:
                            # Statistics that describe the lines stored so far, before planning over them.
                            with stages.timed(stages.STATISTICS):
                                assembly.refresh_statistics(self.server)
                            assembly.catch_up(self.server, upto_id)
                        except BaseException as exc:  # handed to the loading thread, which raises it
                            self.error = exc
        finally:
            connections.close_all()  # this thread's connection only

    def submit(self, upto_id: int | None) -> None:
        """Assemble the server's lines up to ``upto_id`` (committed; None: every stored line) next."""
        if self.error is not None:
            raise self.error
        with stages.timed(stages.WAIT_ASSEMBLER):
            self.ranges.put(upto_id)

    def finish(self) -> None:
        """Wait until everything submitted is assembled (or failed)."""
        with stages.timed(stages.WAIT_ASSEMBLER):
            self.ranges.put(self._DONE)
            self.join()


def _next_chunk(chunks: queue.Queue[_Batch | None]) -> _Batch | None:
    with stages.timed(stages.WAIT_READER):
        return chunks.get()


def _lock_server(server: str) -> None:
    """Serialize the storing of one server's batches (this transaction), whatever file they come from.

    The lines of a server are then committed in id order, so assembling "every line up to id N" never
    skips a line another loader of the same server has not committed yet.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"stats-load:{server}"])


def _pipelined(server: str, source: Path, offset: int, pipeline: bool | None) -> bool:
    """Whether a load assembles on a second connection (see _load_range)."""
    # Inside a caller's transaction nothing is committed for a second connection to see.
    if connection.vendor != "postgresql" or connection.in_atomic_block or pipeline is False:
        return False
    if pipeline:
        return True
    return source.stat().st_size - offset >= _PIPELINE_MIN_BYTES or assembly.behind(server)


def _load_range(
    server: str,
    source: Path,
    position_key: str,
    *,
    batch_lines: int,
    commit_interval_s: float,
    max_batches: int | None,
    pipeline: bool | None,
) -> tuple[LoadResult, bool]:
    """Load ``source`` from the stored position of ``position_key``; returns (result, reached the end).

    A reader thread reads the next chunks while this thread stores the current one. A batch takes
    chunks until it holds ``batch_lines`` lines or ``commit_interval_s`` went into it, and is
    committed with its end position; if another loader moved the position meanwhile, this one stops.
    A large load (``pipeline``; by default on PostgreSQL from 16 MB of unread text, or when stored lines
    wait to be assembled) commits each batch's lines first and has an _Assembler build their calls
    while the next batch is stored; otherwise each batch is assembled in its own transaction, and the
    time bound leaves half of the interval for that.
    """
    result = LoadResult()
    start = LoaderPosition.objects.get(server=server, path=position_key)
    pipeline = _pipelined(server, source, start.offset, pipeline)
    assembler = _Assembler(server) if pipeline else None
    if assembler is not None:
        with stages.timed(stages.STATISTICS):
            assembly.refresh_statistics(server)
        assembler.start()
        # Lines a stopped run stored but did not assemble: assembled while new ones are stored.
        assembler.submit(None)
    else:
        assembly.catch_up(server)
    store_budget_s = commit_interval_s if pipeline else commit_interval_s / 2
    reader = _Reader(server, source, start.offset, start.line_number, _chunk_lines(batch_lines))
    reader.start()
    parsed = reader.batches
    batches = 0
    finished = True
    try:
        item = _next_chunk(parsed)
        while item is not None:
            with transaction.atomic():
                started = time.monotonic()
                with stages.timed(stages.POSITION):
                    _lock_server(server)
                    position = LoaderPosition.objects.select_for_update().get(
                        server=server, path=position_key
                    )
                if position.offset != item.start_offset:
                    finished = False
                    break
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        _watch_client(cursor)
                lines = upto_id = 0
                last: _Batch = item
                next_item: _Batch | None = item
                while next_item is not None:
                    result.add(next_item.store())
                    upto_id, lines, last = max(upto_id, next_item.upto_id), lines + next_item.count, next_item
                    # A run's first batch is its (small) first chunk (FIRST_CHUNK_LINES).
                    if not batches or lines >= batch_lines or time.monotonic() - started >= store_budget_s:
                        break
                    next_item = _next_chunk(parsed)
                if assembler is None:
                    # Plans over the lines need statistics that know the server and the table's size
                    # (the assembler refreshes them itself before each batch it assembles).
                    with stages.timed(stages.STATISTICS):
                        assembly.refresh_statistics(server)
                    assembly.catch_up(server, upto_id)
                committing = time.perf_counter()
                position.offset = last.end_offset
                position.line_number = last.last_number
                position.save(update_fields=["offset", "line_number", "updated_at"])
            stages.add(stages.POSITION, time.perf_counter() - committing)
            if assembler is not None:
                assembler.submit(upto_id)
            batches += 1
            if max_batches is not None and batches >= max_batches:
                finished = False
                break
            # The reader's end (None) was already taken if the batch ran out of chunks.
            item = None if next_item is None else _next_chunk(parsed)
    finally:
        # Stop the reader and unblock it if it waits on the full queue, then wait for it.
        reader.stop.set()
        while reader.is_alive():
            try:
                parsed.get(timeout=0.1)
            except queue.Empty:
                continue
        reader.join()
        if assembler is not None:
            assembler.finish()
    if reader.error is not None:
        raise reader.error
    if assembler is not None and assembler.error is not None:
        raise assembler.error
    return result, finished


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
    if rotated:
        if position.offset:
            previous = _find_rotated(live, position.inode, position.offset)
            if previous is not None:
                part, finished = _load_range(
                    server,
                    previous,
                    key,
                    batch_lines=batch_lines,
                    commit_interval_s=commit_interval_s,
                    max_batches=max_batches,
                    pipeline=pipeline,
                )
                total.add(part)
                total.files.append(str(previous))
                if not finished:
                    return total
        LoaderPosition.objects.filter(pk=position.pk).update(inode=stat.st_ino, offset=0, line_number=0)
    part, _finished = _load_range(
        server,
        live,
        key,
        batch_lines=batch_lines,
        commit_interval_s=commit_interval_s,
        max_batches=max_batches,
        pipeline=pipeline,
    )
    total.add(part)
    total.files.append(key)
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
