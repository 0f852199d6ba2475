"""The sync of a server's callback entries, in bounded steps from its CallbackSyncMark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from callcenter.stats.callbacks.book import CLOSE_FIELDS, MERGE_FIELDS, Book, SyncResult, apply
from callcenter.stats.callbacks.events import read_events
from callcenter.stats.models import AssemblyMark, Callback, CallbackSyncMark, QueueLogLine

# Line ids per transaction: a first sync over a long history is committed in bounded steps.
SYNC_STEP_LINES = 200_000


# Serialises the syncs of all servers: two servers may see the same number.
_LOCK_KEY = 0x63616C6C6261636B  # "callback"


def _step(server: str, since_id: int, upto_id: int, horizon: dt.datetime) -> SyncResult:
    result = SyncResult()
    events = read_events(server, since_id, upto_id, horizon)
    if not events:
        return result
    book = Book(
        server,
        {event.key for event in events},
        {event.callid for event in events if event.kind == "request"},
    )
    for event in events:
        apply(server, event, book, result)
    now = timezone.now()
    for entry in book.dropped:
        entry.delete()
    # Closed entries first: a number closed and opened again in one step must not meet its old open row.
    closed = list(book.closed.values())
    for entry in closed:
        entry.updated_at = now
    Callback.objects.bulk_update(closed, [*CLOSE_FIELDS, *MERGE_FIELDS[:-1]])
    changed = list(book.changed.values())
    for entry in changed:
        entry.updated_at = now
    Callback.objects.bulk_update(changed, MERGE_FIELDS)
    Callback.objects.bulk_create(book.new)
    result.closed_ids.extend(entry.pk for entry in [*closed, *book.new] if entry.status == "closed")
    return result


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def sync(
    server: str,
    *,
    now: dt.datetime | None = None,
    on_closed: Callable[[list[int], SyncResult], None] | None = None,
) -> SyncResult:
    """Bring the server's callback entries up to its assembled lines (idempotent; see the module)."""
    now = now or timezone.now()
    max_age = dt.timedelta(days=int(getattr(settings, "CALLBACK_MAX_AGE_DAYS", 7)))
    total = SyncResult()
    while True:
        with transaction.atomic():
            _lock()
            CallbackSyncMark.objects.get_or_create(server=server)
            mark = CallbackSyncMark.objects.select_for_update().get(server=server)
            assembled = AssemblyMark.objects.filter(server=server).values_list("line_id", flat=True).first()
            if not assembled or assembled <= mark.line_id:
                return total
            upto = min(assembled, mark.line_id + SYNC_STEP_LINES)
            # The age limit counts back from the newest assembled line (or now, if that is earlier): a
            # first sync over a long history opens entries for its last days only.
            newest = QueueLogLine.objects.filter(pk=assembled).values_list("time", flat=True).first()
            result = _step(server, mark.line_id, upto, min(newest or now, now) - max_age)
            mark.line_id = upto
            mark.save(update_fields=["line_id", "updated_at"])
            if on_closed is not None and result.closed_ids:
                on_closed(result.closed_ids, result)
        total.add(result)
        if upto >= assembled:
            return total
