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

from callcenter.stats.loader.files import follow_file, load_file
from callcenter.stats.loader.result import (
    CHUNK_LINES,
    DEFAULT_BATCH_LINES,
    DEFAULT_COMMIT_INTERVAL_S,
    FIRST_CHUNK_LINES,
    LoadResult,
)

__all__ = [
    "CHUNK_LINES",
    "DEFAULT_BATCH_LINES",
    "DEFAULT_COMMIT_INTERVAL_S",
    "FIRST_CHUNK_LINES",
    "LoadResult",
    "follow_file",
    "load_file",
]
