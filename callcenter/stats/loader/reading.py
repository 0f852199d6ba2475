"""Reading queue_log ahead of the database: complete lines only, in chunks, on a thread of its own."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from callcenter.stats import stages
from callcenter.stats.loader.batch import Batch
from callcenter.stats.loader.result import CHUNK_LINES, FIRST_CHUNK_LINES, READ_CHUNK


def complete_blocks(path: Path, offset: int) -> Iterator[list[bytes]]:
    """Yield the complete lines from ``offset`` (without their newlines), a read at a time.

    A line is complete when its newline is there; the rest waits for the next run.
    """
    with path.open("rb") as handle:
        handle.seek(offset)
        pending = b""
        while True:
            chunk = handle.read(READ_CHUNK)
            if not chunk:
                return
            buffer = pending + chunk
            cut = buffer.rfind(b"\n") + 1
            pending = buffer[cut:]
            if cut:
                yield buffer[: cut - 1].split(b"\n")


def chunk_lines(batch_lines: int) -> int:
    """Lines per chunk: at most CHUNK_LINES, and a whole number of chunks makes ``batch_lines``."""
    chunks = -(-batch_lines // CHUNK_LINES)
    return -(-batch_lines // chunks)


class Reader(threading.Thread):
    """Reads chunks ahead of the database work (which releases the GIL while it waits on PostgreSQL)."""

    def __init__(self, server: str, source: Path, offset: int, number: int, chunk_lines: int) -> None:
        super().__init__(name="queue-log-reader", daemon=True)
        self.args = (server, source, offset, number, chunk_lines)
        # A few chunks ready ahead: PostgreSQL is the slower side.
        self.batches: queue.Queue[Batch | None] = queue.Queue(maxsize=4)
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.times = stages.current() or stages.StageTimes()

    def run(self) -> None:
        server, source, offset, number, chunk_lines = self.args
        size = min(chunk_lines, FIRST_CHUNK_LINES)
        try:
            batch = Batch(server, str(source), offset, number)
            for lines in complete_blocks(source, offset):
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
                        batch = Batch(server, str(source), batch.end_offset, batch.last_number)
                        size = chunk_lines
            if batch.count:
                self.batches.put(batch)
        except BaseException as exc:  # handed to the loading thread, which raises it
            self.error = exc
        finally:
            self.batches.put(None)


def next_chunk(chunks: queue.Queue[Batch | None]) -> Batch | None:
    with stages.timed(stages.WAIT_READER):
        return chunks.get()
