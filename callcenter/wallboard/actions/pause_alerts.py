"""Pause limits: the e-mail to the team's supervisors when a pause runs over its reason's limit."""

from __future__ import annotations

import datetime as dt
import smtplib
import time

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.audit.actions import record
from callcenter.wallboard import livestate, pauses


def _agent_for(pause: pauses.LongPause) -> Agent | None:
    agent = Agent.objects.filter(member_name=pause.member_name).select_related("team").first()
    if agent is None:
        agent = next(
            (a for a in Agent.objects.select_related("team") if a.effective_interface == pause.interface),
            None,
        )
    return agent


def _pause_mail(agent: Agent, pause: pauses.LongPause, now: float) -> tuple[str, str]:
    minutes = (now - pause.since) / 60
    values = {
        "agent": agent.display_name,
        "extension": agent.extension,
        "reason": pause.reason,
        "queue": pause.queue,
        "minutes": f"{minutes:.0f}",
        "limit": f"{pause.limit_s / 60:g}",
        "since": timezone.localtime(dt.datetime.fromtimestamp(pause.since, tz=dt.UTC)).strftime("%H:%M"),
    }
    subject = _("Pause over its limit: %(agent)s (%(reason)s)") % values
    body = (
        _(
            "%(agent)s (extension %(extension)s) has been paused with reason %(reason)s since %(since)s: "
            "%(minutes)s min, longer than the %(limit)s min this reason allows (queue %(queue)s)."
        )
        % values
        + "\n"
    )
    return subject, body


def alert_long_pauses(now: float | None = None) -> list[pauses.LongPause]:
    """E-mail the supervisors of the agent's team once for every pause that has run over its reason's
    limit (``PAUSE_LIMIT_EMAIL``); returns the pauses alerted now. The wallboard shows the same alarm by
    itself, e-mail or not."""
    if not getattr(settings, "PAUSE_LIMIT_EMAIL", False):
        return []
    now = time.time() if now is None else now
    alerted: list[pauses.LongPause] = []
    for pause in pauses.long_pauses(livestate.read_all(), pauses.pause_limits(), now):
        if not pauses.claim(pause):
            continue  # this pause was alerted already
        agent = _agent_for(pause)
        changes = {
            "agent": pause.member_name,
            "reason": pause.reason,
            "queue": pause.queue,
            "since": pause.since,
            "limit_s": pause.limit_s,
        }
        if agent is None:
            record(
                None,
                "wallboard.pause_alert",
                object_type="agents.agent",
                object_repr=pause.member_name,
                changes=changes,
                result="skipped",
                detail="no configured agent",
            )
            continue
        recipients = sorted(
            {user.email for user in agent.team.supervisors.filter(is_active=True) if user.email}
            if agent.team is not None
            else set()
        )
        if not recipients:
            record(
                None,
                "wallboard.pause_alert",
                agent,
                changes=changes,
                result="skipped",
                detail="no supervisor with an e-mail address",
            )
            continue
        subject, body = _pause_mail(agent, pause, now)
        try:
            send_mail(subject, body, None, recipients)
        except (OSError, smtplib.SMTPException) as exc:
            pauses.release(pause)  # the next check tries again
            record(
                None, "wallboard.pause_alert", agent, changes=changes, result="error", detail=str(exc)[:200]
            )
            continue
        record(
            None, "wallboard.pause_alert", agent, changes=changes, result="ok", detail=", ".join(recipients)
        )
        alerted.append(pause)
    return alerted
