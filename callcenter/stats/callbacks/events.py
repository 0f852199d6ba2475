"""What happened to each number in a range of assembled lines, in the order the sync applies it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from callcenter.core.phones import digits, phone_key
from callcenter.stats.models import Call, Callback, CallbackTurn, QueueLogLine

UNANSWERED = ("abandoned", "timeout", "exitempty", "exitkey", "callback")


# The queue_log lines that end an unanswered call (the call's outcome is known from them on).
OUTCOME_VERBS = ("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY", "CALLBACKREQUEST")


ANSWERED = ("answered", "transferred")


# Numbers are first compared by their last digits, so that only answered calls that may concern an open
# entry are normalised.
_SUFFIX = 7


@dataclass(frozen=True)
class Event:
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


def suffix(number: str) -> str:
    return digits(number)[-_SUFFIX:]


def read_events(server: str, since_id: int, upto_id: int, horizon: dt.datetime) -> list[Event]:
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
    events: list[Event] = []
    for callid, queue, caller, outcome, entered, wait, cb_number, cb_at in calls:
        request = outcome == "callback"
        at = (cb_at or entered) if request else entered
        key = phone_key(cb_number if request else caller)
        if not key or at < horizon:
            continue
        events.append(Event(at, 0, "request" if request else "missed", key, queue, caller, callid, wait or 0))
    requests = dict(
        Call.objects.filter(
            server=server, callid__in=[turn[0] for turn in turns], outcome="callback"
        ).values_list("callid", "callback_number")
    )
    for request_callid, queue, connected, agent in turns:
        key = phone_key(requests.get(request_callid, ""))
        if key and connected is not None:
            events.append(Event(connected, 1, "turn", key, queue, callid=request_callid, agent=agent))
    # An answered call matters only to a number with an open entry (or one opened in this step).
    suffixes = {suffix(event.key) for event in events}
    if answered:
        open_numbers = Callback.objects.exclude(status=Callback.Status.CLOSED).values_list(
            "number", flat=True
        )
        suffixes.update(suffix(number) for number in open_numbers.iterator())
    for caller, connected_at, entered_at in answered:
        if suffix(caller) in suffixes:
            key = phone_key(caller)
            if key:
                events.append(Event(connected_at or entered_at, 1, "answered", key))
    events.sort(key=lambda event: (event.at, event.order))
    return events
