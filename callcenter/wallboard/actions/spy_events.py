"""A spy session's progress from the AMI events of its call (answered, ChanSpy started, hung up); the
end is audited exactly once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.ami.protocol import Message
from callcenter.audit.actions import record
from callcenter.wallboard.models import SpySession

SPY_ACTION_PREFIX = "wb-spy-"  # the ActionID prefix of the Originates that ``start_spy`` sends


def observe_spy_event(server_name: str, event: Message) -> SpySession | None:
    """Move a spy session along from the AMI events of its call; the end is audited exactly once."""
    name = (event.event or "").lower()
    if name == "originateresponse":
        # Every spy session has its own ActionID, so any other Originate's response finds nothing.
        session = SpySession.objects.filter(action_id=event.action_id or "", server=server_name).first()
        if session is None:
            return None
        if (event.get("Response") or "").lower() == "success":
            SpySession.objects.filter(pk=session.pk).update(spyer_channel=event.get("Channel") or "")
        else:
            _finish_spy(
                session,
                error=_("The supervisor's phone did not answer (reason %(reason)s).")
                % {"reason": event.get("Reason") or "?"},
            )
        session.refresh_from_db()
        return session
    if name in ("chanspystart", "chanspystop"):
        channel = event.get("SpyerChannel") or ""
    elif name == "hangup":
        channel = event.get("Channel") or ""
    else:
        return None
    if not channel:
        return None
    session = (
        SpySession.objects.filter(server=server_name, spyer_channel=channel, ended_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
    if session is None:
        return None
    if name == "chanspystart":
        SpySession.objects.filter(pk=session.pk, started_at__isnull=True).update(
            status=SpySession.Status.ACTIVE, started_at=timezone.now()
        )
    elif name == "chanspystop" or session.started_at is not None:
        _finish_spy(session)
    else:
        # The phone hung up before ChanSpy found the agent's channel: the agent was not in a call.
        _finish_spy(session, error=_("The agent's call was not found."))
    session.refresh_from_db()
    return session


def _finish_spy(session: SpySession, *, error: str = "") -> None:
    with transaction.atomic():
        updated = SpySession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
            status=SpySession.Status.FAILED if error else SpySession.Status.ENDED,
            ended_at=timezone.now(),
            error=error[:255],
        )
        if not updated:
            return
        session.refresh_from_db()
        duration = (
            (session.ended_at - session.started_at).total_seconds()
            if session.started_at and session.ended_at
            else 0.0
        )
        record(
            session.supervisor,
            "wallboard.spy.end",
            session.agent,
            changes={
                "agent": session.agent.member_name,
                "mode": session.mode,
                "session": session.pk,
                "started_at": session.started_at.isoformat() if session.started_at else None,
                "ended_at": session.ended_at.isoformat() if session.ended_at else None,
                "seconds": round(duration, 1),
            },
            result="error" if error else "ok",
            detail=error,
        )
