"""The entries one sync step reads and changes, and how each event changes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max

from callcenter.pbx.models import Queue
from callcenter.stats.callbacks.events import Event
from callcenter.stats.models import Callback

CLOSE_FIELDS = ["status", "outcome", "closed_at", "called_back_at", "closed_agent", "updated_at"]


MERGE_FIELDS = [
    "kind",
    "queue",
    "queue_ref",
    "caller",
    "server",
    "request_callid",
    "last_callid",
    "requested_at",
    "last_call_at",
    "attempts",
    "max_wait_s",
    "updated_at",
]


@dataclass
class SyncResult:
    """What one sync did."""

    opened: int = 0
    joined: int = 0
    closed: dict[str, int] = field(default_factory=dict)
    closed_ids: list[int] = field(default_factory=list)

    def add(self, other: SyncResult) -> None:
        self.opened += other.opened
        self.joined += other.joined
        for outcome, count in other.closed.items():
            self.closed[outcome] = self.closed.get(outcome, 0) + count
        self.closed_ids.extend(other.closed_ids)


class Book:
    """The entries one step reads and changes, by number."""

    def __init__(self, server: str, keys: Iterable[str], request_callids: Iterable[str]) -> None:
        keys = set(keys)
        self.open: dict[str, Callback] = {
            entry.number: entry
            for entry in Callback.objects.select_for_update()
            .filter(number__in=keys)
            .exclude(status=Callback.Status.CLOSED)
        }
        self.last_closed: dict[str, dt.datetime] = {
            row["number"]: row["last"]
            for row in Callback.objects.filter(number__in=keys, status=Callback.Status.CLOSED)
            .values("number")
            .annotate(last=Max("closed_at"))
        }
        # The missed entries a later request of the same call replaces (read before its CALLBACKREQUEST).
        self.provisional: dict[str, Callback] = {
            entry.last_callid: entry
            for entry in Callback.objects.select_for_update().filter(
                server=server,
                last_callid__in=list(request_callids),
                kind=Callback.Kind.MISSED,
                status=Callback.Status.OPEN,
            )
        }
        self.queues = dict(Queue.objects.values_list("name", "pk"))
        self.new: list[Callback] = []
        self.changed: dict[int, Callback] = {}
        self.closed: dict[int, Callback] = {}
        self.dropped: list[Callback] = []

    def touch(self, entry: Callback) -> None:
        if entry.pk is not None:
            self.changed[entry.pk] = entry


def apply(server: str, event: Event, book: Book, result: SyncResult) -> None:
    entry = book.open.get(event.key)
    if event.kind in ("answered", "turn"):
        if entry is None or entry.last_call_at > event.at:
            return
        entry.status = Callback.Status.CLOSED
        entry.closed_at = event.at
        if event.kind == "turn":
            entry.outcome = Callback.Outcome.CALLED_BACK
            entry.called_back_at = event.at
            entry.closed_agent = event.agent[:128]
        else:
            entry.outcome = Callback.Outcome.GOT_THROUGH
        del book.open[event.key]
        book.last_closed[event.key] = event.at
        if entry.pk is not None:
            book.closed[entry.pk] = entry
            book.changed.pop(entry.pk, None)
        result.closed[entry.outcome] = result.closed.get(entry.outcome, 0) + 1
        return
    request = event.kind == "request"
    if request:
        _drop_provisional(event, book, result)
        entry = book.open.get(event.key)
    last_closed = book.last_closed.get(event.key)
    if last_closed is not None and event.at <= last_closed:
        return
    if entry is None:
        entry = Callback(
            number=event.key,
            kind=Callback.Kind.REQUEST if request else Callback.Kind.MISSED,
            queue=event.queue,
            queue_ref_id=book.queues.get(event.queue),
            caller=event.caller[:80],
            server=server,
            request_callid=event.callid if request else "",
            last_callid=event.callid,
            requested_at=event.at,
            last_call_at=event.at,
            attempts=1,
            max_wait_s=max(0, event.wait_s),
        )
        book.open[event.key] = entry
        book.new.append(entry)
        result.opened += 1
        return
    if event.callid != entry.last_callid:
        entry.attempts += 1
        result.joined += 1
    if event.at >= entry.last_call_at:
        entry.last_call_at = event.at
        entry.last_callid = event.callid
    entry.max_wait_s = max(entry.max_wait_s, event.wait_s)
    if request:
        entry.kind = Callback.Kind.REQUEST
        entry.queue = event.queue
        entry.queue_ref_id = book.queues.get(event.queue)
        entry.caller = event.caller[:80]
        entry.server = server
        entry.request_callid = event.callid
    book.touch(entry)


def _drop_provisional(event: Event, book: Book, result: SyncResult) -> None:
    """The call was first read as a missed call (EXITWITHKEY before its CALLBACKREQUEST): undo that."""
    entry = book.provisional.pop(event.callid, None)
    if entry is None:
        entry = next(
            (
                candidate
                for candidate in book.new
                if candidate.last_callid == event.callid and candidate.kind == Callback.Kind.MISSED
            ),
            None,
        )
    if entry is None or entry.number == event.key:
        return
    if entry.attempts <= 1:
        book.open.pop(entry.number, None)
        if entry.pk is None:
            book.new.remove(entry)
            result.opened -= 1
        else:
            book.changed.pop(entry.pk, None)
            book.dropped.append(entry)
    else:
        entry.attempts -= 1
        book.touch(entry)
