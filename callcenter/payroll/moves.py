"""One continuous session across a node failover (``agents.SessionMove``, docs/ha.md).

When a node of a group is lost, its logged-in agents are logged in again on the node their phone
registered with. The lost node's queue_log holds the start of the session and no end (the node died, or
it ends much later when the node comes back and the member is removed there); the surviving node's
queue_log holds a new session from the move on. Payroll counts the two as one session: from the first
session's start to the second one's end, on the node the agent ended on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, MutableSequence
from typing import Protocol, TypeVar

from callcenter.agents.models import SessionMove

# The new node's ADDMEMBER is written while the move runs; queue_log keeps whole seconds.
BEFORE = dt.timedelta(seconds=5)
AFTER = dt.timedelta(seconds=60)


class Row(Protocol):
    server: str
    queue: str
    interface: str
    started_at: dt.datetime
    ended_at: dt.datetime
    open: bool


R = TypeVar("R", bound=Row)


def moves_between(start: dt.datetime, end: dt.datetime) -> list[SessionMove]:
    """The moves that may join sessions of the period ``[start, end)``."""
    return list(SessionMove.objects.filter(moved_at__gte=start - AFTER, moved_at__lt=end + AFTER))


def _first(
    rows: Iterable[R], server: str, queue: str, interface: str, low: dt.datetime, high: dt.datetime
) -> R | None:
    found = [
        row
        for row in rows
        if row.server == server
        and row.queue == queue
        and row.interface == interface
        and low <= row.started_at < high
    ]
    return min(found, key=lambda row: row.started_at) if found else None


def join_moves(rows: MutableSequence[R], moves: Iterable[SessionMove]) -> None:
    """Join, in place, each moved session of one agent's ``rows`` with the session that continued it.

    The session on the lost node (started before the move, still running at it) takes the end, the node
    and the open flag of the session that began on the new node around the move, which is dropped. With
    no such session yet (the new node's queue_log not loaded), the lost node's session ends at the move.
    """
    for move in sorted(moves, key=lambda m: m.moved_at):
        before = [
            row
            for row in rows
            if row.server == move.from_server
            and row.queue == move.queue
            and row.interface == move.interface
            and row.started_at <= move.moved_at
        ]
        if not before:
            continue
        first = max(before, key=lambda row: row.started_at)
        after = _first(
            rows, move.to_server, move.queue, move.interface, move.moved_at - BEFORE, move.moved_at + AFTER
        )
        if after is None:
            first.ended_at, first.open = min(first.ended_at, move.moved_at), False
            continue
        first.server, first.ended_at, first.open = after.server, after.ended_at, after.open
        rows.remove(after)
