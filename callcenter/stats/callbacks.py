"""The callback list's entries, kept from the assembled calls: one open entry per number in E.164.

``sync(server)`` reads the calls, held turns and answered calls of the lines assembled since the server's
CallbackSyncMark (each line range once), in time order, and:

* an unanswered call (abandoned, timeout, left empty, left with a key) opens an entry for the caller's
  number, or joins the number's open entry (one more call, the longest wait);
* a callback request (CALLBACKREQUEST) opens or joins the entry of the number the caller typed, and makes
  it a request: who asked (the caller ID), when, in which queue and the call's id (``request_callid``,
  which the held turn names). A request read after the same call's EXITWITHKEY replaces that call's
  provisional missed entry;
* an answered call from the number after the entry's last call closes it, "called again and got through";
* an agent answering the held turn of a request (the queue calls the customer back) closes it, "called
  back", at the moment the agent answered.

A call not later than the number's last closed entry opens nothing (it was handled), nor does one older
than CALLBACK_MAX_AGE_DAYS before the newest assembled line (or now, if earlier). Numbers are compared by ``callcenter.core.phones.phone_key``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from callcenter.core.phones import digits, phone_key
from callcenter.pbx.models import Queue
from callcenter.stats.models import AssemblyMark, Call, Callback, CallbackSyncMark, CallbackTurn, QueueLogLine

UNANSWERED = ("abandoned", "timeout", "exitempty", "exitkey", "callback")
# The queue_log lines that end an unanswered call (the call's outcome is known from them on).
OUTCOME_VERBS = ("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY", "CALLBACKREQUEST")
ANSWERED = ("answered", "transferred")
# Line ids per transaction: a first sync over a long history is committed in bounded steps.
SYNC_STEP_LINES = 200_000
# Numbers are first compared by their last digits, so that only answered calls that may concern an open
# entry are normalised.
_SUFFIX = 7
# Serialises the syncs of all servers: two servers may see the same number.
_LOCK_KEY = 0x63616C6C6261636B  # "callback"

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


@dataclass(frozen=True)
class _Event:
    """One thing that happened to a number, in the order the sync applies them."""

    at: dt.datetime
    order: int  # at the same instant: requests and missed calls before answers
    kind: str  # "missed", "request", "answered", "turn"
    key: str
    queue: str = ""
    caller: str = ""
    callid: str = ""
    wait_s: int = 0
    agent: str = ""


def _suffix(number: str) -> str:
    return digits(number)[-_SUFFIX:]


def _events(server: str, since_id: int, upto_id: int, horizon: dt.datetime) -> list[_Event]:
    # Each call is read once: in the step that holds the line giving its outcome (a request's EXITWITHKEY
    # and CALLBACKREQUEST may fall in two steps: the second replaces what the first opened).
    lines = QueueLogLine.objects.filter(server=server, id__gt=since_id, id__lte=upto_id)
    ended = lines.filter(verb__in=OUTCOME_VERBS).values("callid")
    answering = lines.filter(verb="CONNECT").values("callid")
    calls = list(
        Call.objects.filter(server=server, callid__in=ended, outcome__in=UNANSWERED).values_list(
            "callid", "queue", "caller", "outcome", "entered_at", "wait_s", "callback_number",
            "callback_requested_at",
        )
    )  # fmt: skip
    answered = list(
        Call.objects.filter(server=server, callid__in=answering, outcome__in=ANSWERED)
        .exclude(caller="")
        .values_list("caller", "connected_at", "entered_at")
    )
    turns = list(
        CallbackTurn.objects.filter(
            server=server, callid__in=answering, connected_at__isnull=False
        ).values_list("request_callid", "queue", "connected_at", "agent")
    )
    events: list[_Event] = []
    for callid, queue, caller, outcome, entered, wait, cb_number, cb_at in calls:
        request = outcome == "callback"
        at = (cb_at or entered) if request else entered
        key = phone_key(cb_number if request else caller)
        if not key or at < horizon:
            continue
        events.append(
            _Event(at, 0, "request" if request else "missed", key, queue, caller, callid, wait or 0)
        )
    requests = dict(
        Call.objects.filter(
            server=server, callid__in=[turn[0] for turn in turns], outcome="callback"
        ).values_list("callid", "callback_number")
    )
    for request_callid, queue, connected, agent in turns:
        key = phone_key(requests.get(request_callid, ""))
        if key and connected is not None:
            events.append(_Event(connected, 1, "turn", key, queue, callid=request_callid, agent=agent))
    # An answered call matters only to a number with an open entry (or one opened in this step).
    suffixes = {_suffix(event.key) for event in events}
    if answered:
        open_numbers = Callback.objects.exclude(status=Callback.Status.CLOSED).values_list(
            "number", flat=True
        )
        suffixes.update(_suffix(number) for number in open_numbers.iterator())
    for caller, connected_at, entered_at in answered:
        if _suffix(caller) in suffixes:
            key = phone_key(caller)
            if key:
                events.append(_Event(connected_at or entered_at, 1, "answered", key))
    events.sort(key=lambda event: (event.at, event.order))
    return events


class _Book:
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


def _apply(server: str, event: _Event, book: _Book, result: SyncResult) -> None:
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


def _drop_provisional(event: _Event, book: _Book, result: SyncResult) -> None:
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


def _step(server: str, since_id: int, upto_id: int, horizon: dt.datetime) -> SyncResult:
    result = SyncResult()
    events = _events(server, since_id, upto_id, horizon)
    if not events:
        return result
    book = _Book(
        server,
        {event.key for event in events},
        {event.callid for event in events if event.kind == "request"},
    )
    for event in events:
        _apply(server, event, book, result)
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
