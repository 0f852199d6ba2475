"""Correcting a logged-in session's times: the stats row stays as the PBX wrote it, payroll uses the fix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from callcenter.audit.actions import record
from callcenter.payroll.actions.guards import (
    actor_or_none,
    clean_reason,
    ensure_open,
    local_dates,
    require_payroll,
)
from callcenter.payroll.actions.session_checks import agent_of, validate_times
from callcenter.payroll.models import SessionCorrection
from callcenter.stats.models import AgentSession


def correct_session(
    actor: Any,
    session: AgentSession,
    *,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    reason: str,
) -> SessionCorrection:
    """Record corrected times for a logged-in session; the stats row (the PBX's record) is left as it was."""
    require_payroll(actor)
    reason = clean_reason(reason)
    validate_times(started_at, ended_at)
    agent = agent_of(session)
    ensure_open(*local_dates([session.started_at, session.ended_at, started_at, ended_at]))
    with transaction.atomic():
        correction = SessionCorrection.objects.create(
            agent=agent,
            server=session.server,
            queue=session.queue,
            interface=session.interface,
            original_started_at=session.started_at,
            original_ended_at=session.ended_at,
            started_at=started_at,
            ended_at=ended_at,
            reason=reason,
            created_by=actor_or_none(actor),
        )
        original_end = session.ended_at.isoformat() if session.ended_at else None
        changes = {
            "started_at": [session.started_at.isoformat(), started_at.isoformat()],
            "ended_at": [original_end, ended_at.isoformat()],
        }
        record(actor, "payroll.correct_session", correction, changes=changes, detail=reason)
    return correction
