"""Raw queue_log lines as loaded: the stored lines, the refused ones, and how far loading and assembly got."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class QueueLogLine(models.Model):
    """One queue_log line as written, with the numbers the call assembly needs already parsed.

    The natural key is (server, file_offset, line_hash): the same line at the same place of the same
    file content is never stored twice, however many times the file is loaded or from which copy. The
    offset leads the key so that loading appends to the index instead of writing all over it.
    On PostgreSQL ``time`` has a BRIN index (migration 0002): tiny, and the lines arrive in time order.
    """

    server = models.CharField(max_length=64)
    line_hash = models.UUIDField(help_text="MD5 of the line text")
    file_offset = models.BigIntegerField()
    time = models.DateTimeField()
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    verb = models.CharField(max_length=32)
    data = models.TextField(blank=True)
    # Parsed per verb by callcenter.stats.parser (see docs/reports.md for the field meanings).
    wait_s = models.IntegerField(null=True)
    talk_s = models.IntegerField(null=True)
    value = models.IntegerField(null=True)
    info = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["server", "file_offset", "line_hash"], name="stats_line_natural_key"
            )
        ]
        indexes = [
            # With the id, "did this callid have lines before this batch" is answered in the index.
            models.Index(fields=["server", "callid", "id"], name="stats_line_callid"),
            # The member lines since a time, to rebuild the pauses and sessions a batch touches: by time,
            # so that a rebuild reads the lines since its horizon, not every member line of the server.
            models.Index(
                fields=["server", "time"],
                name="stats_line_member_time",
                condition=Q(verb__in=["PAUSE", "UNPAUSE", "ADDMEMBER", "REMOVEMEMBER"]),
            ),
            # The held turns of callbacks among a batch's lines: a few entries, read by id range.
            models.Index(
                fields=["server", "id"], name="stats_line_callback_hold", condition=Q(verb="CALLBACKHOLD")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.server} {self.time:%Y-%m-%d %H:%M:%S} {self.callid} {self.verb}"


class QuarantinedLine(models.Model):
    """A queue_log line the parser refused, with why and where, so nothing is silently lost."""

    server = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    line_number = models.PositiveIntegerField()
    line_hash = models.UUIDField()
    file_offset = models.BigIntegerField()
    reason = models.CharField(max_length=200)
    raw_text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["server", "line_hash", "file_offset"], name="stats_quarantine_natural_key"
            )
        ]
        ordering = ["server", "path", "line_number"]

    def __str__(self) -> str:
        return f"{self.path}:{self.line_number} {self.reason}"


class LoaderPosition(models.Model):
    """Where the loader stopped in a server's queue_log: committed in the same transaction as the rows."""

    server = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    inode = models.BigIntegerField(default=0)
    offset = models.BigIntegerField(default=0)
    line_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["server", "path"], name="stats_position_unique")]

    def __str__(self) -> str:
        return f"{self.server}:{self.path}@{self.inode}/{self.offset}"


class AssemblyMark(models.Model):
    """How far a server's stored lines are assembled into calls, missed rings, sessions and pauses.

    Every line of the server with ``id <= line_id`` is assembled. A bulk load commits the lines of a
    batch first and assembles them on a second connection while the next batch is stored; a run that
    stops in between leaves the mark behind, and the next run assembles from it before loading more.
    """

    server = models.CharField(max_length=64, unique=True)
    line_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.server}: assembled through line {self.line_id}"
