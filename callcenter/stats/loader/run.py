"""Storing a range of one file in bounded batches, each committed with the position it reached."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from django.db import connection, transaction

from callcenter.stats import assembly, stages
from callcenter.stats.loader.assembling import Assembler
from callcenter.stats.loader.batch import Batch, watch_client
from callcenter.stats.loader.reading import Reader, chunk_lines, next_chunk
from callcenter.stats.loader.result import (
    PIPELINE_MIN_BYTES,
    LoadResult,
)
from callcenter.stats.models import LoaderPosition


def lock_server(server: str) -> None:
    """Serialize the storing of one server's batches (this transaction), whatever file they come from.

    The lines of a server are then committed in id order, so assembling "every line up to id N" never
    skips a line another loader of the same server has not committed yet.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"stats-load:{server}"])


def pipelined(server: str, source: Path, offset: int, pipeline: bool | None) -> bool:
    """Whether a load assembles on a second connection (see load_range)."""
    # Inside a caller's transaction nothing is committed for a second connection to see.
    if connection.vendor != "postgresql" or connection.in_atomic_block or pipeline is False:
        return False
    if pipeline:
        return True
    return source.stat().st_size - offset >= PIPELINE_MIN_BYTES or assembly.behind(server)


def load_range(
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
    wait to be assembled) commits each batch's lines first and has an Assembler build their calls
    while the next batch is stored; otherwise each batch is assembled in its own transaction, and the
    time bound leaves half of the interval for that.
    """
    result = LoadResult()
    start = LoaderPosition.objects.get(server=server, path=position_key)
    pipeline = pipelined(server, source, start.offset, pipeline)
    assembler = Assembler(server) if pipeline else None
    if assembler is not None:
        with stages.timed(stages.STATISTICS):
            assembly.refresh_statistics(server)
        assembler.start()
        # Lines a stopped run stored but did not assemble: assembled while new ones are stored.
        assembler.submit(None)
    else:
        assembly.catch_up(server)
    store_budget_s = commit_interval_s if pipeline else commit_interval_s / 2
    reader = Reader(server, source, start.offset, start.line_number, chunk_lines(batch_lines))
    reader.start()
    parsed = reader.batches
    batches = 0
    finished = True
    try:
        item = next_chunk(parsed)
        while item is not None:
            with transaction.atomic():
                started = time.monotonic()
                with stages.timed(stages.POSITION):
                    lock_server(server)
                    position = LoaderPosition.objects.select_for_update().get(
                        server=server, path=position_key
                    )
                if position.offset != item.start_offset:
                    finished = False
                    break
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        watch_client(cursor)
                lines = upto_id = 0
                last: Batch = item
                next_item: Batch | None = item
                while next_item is not None:
                    result.add(next_item.store())
                    upto_id, lines, last = max(upto_id, next_item.upto_id), lines + next_item.count, next_item
                    # A run's first batch is its (small) first chunk (FIRST_CHUNK_LINES).
                    if not batches or lines >= batch_lines or time.monotonic() - started >= store_budget_s:
                        break
                    next_item = next_chunk(parsed)
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
            item = None if next_item is None else next_chunk(parsed)
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
