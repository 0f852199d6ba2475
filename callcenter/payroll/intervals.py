"""Time-interval arithmetic for the timesheet: unions, intersections and cuts at local midnights.

An interval list is a sorted list of disjoint, non-empty ``(start, end)`` pairs of aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

Interval = tuple[dt.datetime, dt.datetime]

NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping and touching intervals: being logged in to two queues at once counts once."""
    merged: list[Interval] = []
    for start, end in sorted(item for item in intervals if item[1] > item[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(left: list[Interval], right: list[Interval]) -> list[Interval]:
    """The parts covered by both lists (both must already be unions)."""
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(base: list[Interval], cut: list[Interval]) -> list[Interval]:
    """The parts of ``base`` not covered by ``cut`` (both must already be unions)."""
    result: list[Interval] = []
    j = 0
    for start, end in base:
        cursor = start
        while j < len(cut) and cut[j][1] <= cursor:
            j += 1
        k = j
        while k < len(cut) and cut[k][0] < end:
            if cut[k][0] > cursor:
                result.append((cursor, cut[k][0]))
            cursor = max(cursor, cut[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def seconds(intervals: Iterable[Interval]) -> int:
    return int(sum(end.timestamp() - start.timestamp() for start, end in intervals))


def clip(intervals: list[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    return intersect(intervals, [(start, end)])


def local_time(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock time of the center's zone as a UTC instant.

    Arithmetic and comparisons between datetimes sharing one tzinfo use wall time in Python, which is
    wrong across a DST change; every bound is therefore kept in UTC.
    """
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return local_time(day, dt.time(0), zone)


def day_window(day: dt.date, zone: ZoneInfo) -> Interval:
    """The calendar day in the center's time zone, as an aware interval."""
    return local_midnight(day, zone), local_midnight(day + dt.timedelta(days=1), zone)


def night_windows(day: dt.date, zone: ZoneInfo) -> list[Interval]:
    """The night hours (22:00-06:00, article 96 of the Labour Code) that fall on this calendar day."""
    return [
        (local_midnight(day, zone), local_time(day, NIGHT_ENDS, zone)),
        (local_time(day, NIGHT_STARTS, zone), local_midnight(day + dt.timedelta(days=1), zone)),
    ]


def latest_wins(
    labelled: Iterable[tuple[dt.datetime, dt.datetime, bool]],
) -> tuple[list[Interval], list[Interval]]:
    """Split overlapping pauses into (paid, unpaid) unions where the most recently started pause decides.

    A member paused in several queues at once (PAUSEALL writes one PAUSE per queue) is paused once; when
    the overlapping pauses disagree, the reason given last is the one in force, as on the agent's phone.
    """
    items = sorted((start, end, paid) for start, end, paid in labelled if end > start)
    points = sorted({point for start, end, _paid in items for point in (start, end)})
    paid_parts: list[Interval] = []
    unpaid_parts: list[Interval] = []
    active: list[tuple[float, dt.datetime, bool]] = []  # max-heap on start via negated timestamp
    index = 0
    for left, right in itertools.pairwise(points):
        while index < len(items) and items[index][0] <= left:
            start, end, paid = items[index]
            heapq.heappush(active, (-start.timestamp(), end, paid))
            index += 1
        while active and active[0][1] <= left:
            heapq.heappop(active)
        # Entries that ended are dropped lazily; look past any ended ones under the top.
        live = [entry for entry in active if entry[1] > left]
        if len(live) != len(active):
            active = live
            heapq.heapify(active)
        if not active:
            continue
        (paid_parts if active[0][2] else unpaid_parts).append((left, right))
    return union(paid_parts), union(unpaid_parts)
