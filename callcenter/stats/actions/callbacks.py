"""The callback list's writes: kept from the calls, assigned, handed to the dialer and closed (audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent, Team
from callcenter.audit.actions import record
from callcenter.stats import callbacks
from callcenter.stats.actions.held_turns import release_held_turn
from callcenter.stats.models import Callback

CallbackListener = Callable[[Callback], None]


# Called with an entry after it was assigned or closed here (not after the dialer's own hand-off): the
# dialer registers one in its AppConfig.ready() to keep its callback leads in step.
CALLBACK_LISTENERS: list[CallbackListener] = []


# The outcomes a person may close an entry with (the others are set by the statistics themselves).
MANUAL_OUTCOMES = (
    Callback.Outcome.CALLED_BACK,
    Callback.Outcome.NO_ANSWER,
    Callback.Outcome.WRONG_NUMBER,
    Callback.Outcome.DO_NOT_CALL,
    Callback.Outcome.CANCELLED,
)


def register_callback_listener(listener: CallbackListener) -> None:
    if listener not in CALLBACK_LISTENERS:
        CALLBACK_LISTENERS.append(listener)


def _notify(entry: Callback) -> None:
    for listener in CALLBACK_LISTENERS:
        listener(entry)


def sync_callbacks(server: str) -> callbacks.SyncResult:
    """Open, join and close the callback entries from the server's newly assembled calls (idempotent)."""

    def closed(ids: list[int], result: callbacks.SyncResult) -> None:
        record(
            None,
            "stats.callbacks_closed",
            object_type="stats.callback",
            object_repr=f"callbacks of {server}",
            changes={"closed": result.closed, "ids": ids[:100]},
        )
        for entry in Callback.objects.filter(pk__in=ids):
            _notify(entry)

    return callbacks.sync(server, on_closed=closed)


def _locked(entry: Callback) -> Callback:
    locked = Callback.objects.select_for_update().get(pk=entry.pk)
    if locked.status == Callback.Status.CLOSED:
        raise ValidationError(_("This callback is already closed."))
    return locked


def assign_callback(
    actor: Any, entry: Callback, *, agent: Agent | None = None, team: Team | None = None
) -> Callback:
    """Give an open entry to an agent or a team (neither: back to nobody); audited.

    A request's held turn leaves the queue, so that the queue does not call the customer too. An entry
    with the dialer stays there: the dialer offers it to the agent (or the team) in preview.
    """
    if agent is not None and team is not None:
        raise ValidationError(_("Assign the callback to an agent or to a team, not both."))
    if agent is not None and not agent.active:
        raise ValidationError(_("This agent is not active."))
    with transaction.atomic():
        entry = _locked(entry)
        before = {"agent": entry.agent_id, "team": entry.team_id, "status": entry.status}
        entry.agent, entry.team = agent, team
        entry.assigned_at = timezone.now() if (agent or team) else None
        if entry.status != Callback.Status.DIALING:
            entry.status = Callback.Status.ASSIGNED if (agent or team) else Callback.Status.OPEN
        entry.save(update_fields=["agent", "team", "assigned_at", "status", "updated_at"])
        record(
            actor,
            "stats.callback_assigned",
            entry,
            changes={
                "agent": [before["agent"], entry.agent_id],
                "team": [before["team"], entry.team_id],
                "status": [before["status"], entry.status],
            },
        )
        _notify(entry)
        if agent is not None or team is not None:
            transaction.on_commit(lambda: release_held_turn(entry))
    return entry


def close_callback(
    actor: Any,
    entry: Callback,
    outcome: str,
    *,
    note: str = "",
    called_back_at: datetime | None = None,
    agent_name: str = "",
    manual: bool = True,
) -> Callback:
    """Close an open entry with its outcome (called back, no answer, wrong number ...); audited.

    ``called_back_at`` is when the customer was reached (default: now, for "called back"); the time to
    callback runs from the entry's first call or request to it.
    """
    allowed = MANUAL_OUTCOMES if manual else tuple(Callback.Outcome)
    if outcome not in allowed or outcome == Callback.Outcome.NONE:
        raise ValidationError(_("Choose how the callback ended."))
    now = timezone.now()
    with transaction.atomic():
        entry = _locked(entry)
        entry.status = Callback.Status.CLOSED
        entry.outcome = outcome
        entry.closed_at = now
        entry.closed_by = actor if getattr(actor, "pk", None) else None
        entry.note = note.strip()[:200]
        if outcome == Callback.Outcome.CALLED_BACK:
            entry.called_back_at = min(called_back_at or now, now)
            agent = getattr(actor, "agent", None) if getattr(actor, "pk", None) else None
            entry.closed_agent = (agent_name or (agent.member_name if agent is not None else ""))[:128]
        entry.save(
            update_fields=[
                "status", "outcome", "closed_at", "closed_by", "note", "called_back_at", "closed_agent",
                "updated_at",
            ]
        )  # fmt: skip
        record(
            actor,
            "stats.callback_closed",
            entry,
            changes={"number": entry.number, "outcome": outcome, "note": entry.note},
        )
        _notify(entry)
    return entry


def hand_to_dialer(actor: Any, entry: Callback, campaign: str) -> Callback:
    """The queue's callbacks campaign takes the entry (called by the dialer as it makes the entry's lead)."""
    with transaction.atomic():
        entry = _locked(entry)
        entry.status = Callback.Status.DIALING
        entry.save(update_fields=["status", "updated_at"])
        record(actor, "stats.callback_dialing", entry, changes={"campaign": campaign})
        transaction.on_commit(lambda: release_held_turn(entry))
    return entry


def take_from_dialer(actor: Any, entry: Callback, campaign: str) -> Callback:
    """The dialer gives an entry back (its campaign stopped): open again, or assigned as it was."""
    with transaction.atomic():
        entry = _locked(entry)
        entry.status = Callback.Status.ASSIGNED if (entry.agent_id or entry.team_id) else Callback.Status.OPEN
        entry.save(update_fields=["status", "updated_at"])
        record(
            actor, "stats.callback_returned", entry, changes={"campaign": campaign, "status": entry.status}
        )
    return entry
