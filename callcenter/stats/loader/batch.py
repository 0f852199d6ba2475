"""A chunk of consecutive queue_log lines and how it is stored: COPY into a staging table and one INSERT ...
SELECT that splits and checks the lines in SQL (PostgreSQL), or parse_line and bulk_create elsewhere."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper

from callcenter.stats import stages
from callcenter.stats.loader.result import LoadResult
from callcenter.stats.models import QuarantinedLine, QueueLogLine
from callcenter.stats.parser import MalformedLine, line_hash, parse_line, sql_parsed, sql_refused


class RawLine(NamedTuple):
    offset: int
    number: int
    raw: bytes


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def escape_copy(raw: bytes) -> bytes:
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


class Batch:
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
            if plain and is_utf8(block):
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
                    self._add_checked(RawLine(offset, number, raw.rstrip(b"\r")))
                    offset += len(raw) + 1
        else:
            for raw in lines:
                number += 1
                self._add_parsed(RawLine(offset, number, raw.rstrip(b"\r")))
                offset += len(raw) + 1
        self.count += len(lines)
        self.end_offset, self.last_number = offset, number

    def _add_checked(self, line: RawLine) -> None:
        if b"\x00" in line.raw:
            self._quarantine(
                line, "contains a NUL byte", line.raw.replace(b"\x00", b"").decode("utf-8", "replace")
            )
        elif not is_utf8(line.raw):
            self._quarantine(line, "not UTF-8 text", line.raw.decode("utf-8", "replace"))
        else:
            digest = hashlib.md5(line.raw, usedforsecurity=False).hexdigest().encode()
            self.copy_rows.append(
                b"%d\t%d\t%s\t%s\n" % (line.offset, line.number, digest, escape_copy(line.raw))
            )

    def _add_parsed(self, line: RawLine) -> None:
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

    def _quarantine(self, line: RawLine, reason: str, text: str) -> None:
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
            since_id = max_line_id()
        inserted = self._store_copy() if self.use_copy else self._store_generic(since_id)
        with stages.timed(stages.STAGING):
            self.upto_id = max_line_id() if inserted else since_id
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
            line = RawLine(int(offset), int(number), str(text).encode("utf-8"))
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


def max_line_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM stats_queuelogline")
        value = cursor.fetchone()[0]
    return int(value or 0)


def watch_client(cursor: CursorWrapper) -> None:
    """Have PostgreSQL abort this transaction's statements soon after the client process dies.

    Without it a killed loader's statement runs to its end (holding the server's locks) before the
    server notices; the next run would wait for it.
    """
    if connection.vendor == "postgresql" and int(getattr(connection, "pg_version", 0)) >= 140000:
        cursor.execute("SET LOCAL client_connection_check_interval = 1000")
