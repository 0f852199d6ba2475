"""What an agent sees of themself: their live state (as the board has it) and their open callbacks."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from callcenter.agents.models import Agent
from callcenter.stats.models import Callback
from callcenter.wallboard import crm, livestate
from callcenter.wallboard.models import Contact

# How many open callbacks the agent page and the API list at most (oldest request first).
MAX_CALLBACKS = 200


class CurrentCaller(TypedDict):
    """The caller of the agent's current call."""

    number: str
    name: str
    queue: str


class AgentLive(TypedDict):
    """The agent's own live state: logged out, idle, ringing, in call or paused, and in which queues."""

    state: str
    state_since: float | None
    pause_reason: str | None
    queues: list[str]
    paused_queues: dict[str, str]
    caller: CurrentCaller | None
    lookup: crm.Lookup | None


class MyCallback(TypedDict):
    """One open callback entry on the agent's list."""

    id: int
    number: str
    kind: str
    kind_label: str
    queue: str
    requested_at: dt.datetime
    last_call_at: dt.datetime
    attempts: int
    status: str
    status_label: str
    mine: bool
    contact_name: str


def _caller(current_call: str) -> CurrentCaller | None:
    for snap in livestate.read_all().values():
        call = (snap.get("calls") or {}).get(current_call)
        if call is not None:
            return {
                "number": call.get("caller") or "",
                "name": call.get("caller_name") or "",
                "queue": call.get("queue") or "",
            }
    return None


def live_state(agent: Agent) -> AgentLive:
    """The agent's state from the live store; "logged out" when no node has them as a queue member."""
    live = livestate.member_state(agent.effective_interface)
    if live is None:
        return {
            "state": "logged out",
            "state_since": None,
            "pause_reason": None,
            "queues": [],
            "paused_queues": {},
            "caller": None,
            "lookup": None,
        }
    current_call = live.get("current_call")
    caller = _caller(current_call) if current_call else None
    queues = live.get("queues") or {}
    return {
        "state": live.get("state") or "logged out",
        "state_since": live.get("state_since"),
        "pause_reason": live.get("pause_reason"),
        "queues": sorted(queues),
        "paused_queues": livestate.paused_queues(queues),
        "caller": caller,
        "lookup": crm.lookup(caller["number"], caller["queue"]) if caller and caller["number"] else None,
    }


def open_callbacks(user: Any, agent: Agent) -> list[MyCallback]:
    """The open callbacks assigned to the agent, or to their team and to nobody in person, oldest first,
    each with the name of the number's contact when one is known."""
    entries = list(
        Callback.objects.visible_to(user)
        .exclude(status=Callback.Status.CLOSED)
        .order_by("requested_at", "id")[:MAX_CALLBACKS]
    )
    names = dict(
        Contact.objects.filter(phone__in={entry.number for entry in entries}).values_list("phone", "name")
    )
    return [
        {
            "id": entry.pk,
            "number": entry.number,
            "kind": entry.kind,
            "kind_label": str(entry.get_kind_display()),
            "queue": entry.queue,
            "requested_at": entry.requested_at,
            "last_call_at": entry.last_call_at,
            "attempts": entry.attempts,
            "status": entry.status,
            "status_label": str(entry.get_status_display()),
            "mine": entry.agent_id == agent.pk,
            "contact_name": names.get(entry.number, ""),
        }
        for entry in entries
    ]
