"""The one place that writes statistics: loading queue_log, the callback list (kept from the calls,
assigned, handed to the dialer and closed), building and storing reports."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent, Team
from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.sync import call_action
from callcenter.audit.actions import record
from callcenter.pbx.models import AsteriskServer
from callcenter.stats import callbacks, exports, loader
from callcenter.stats.models import Callback, CallbackTurn, ReportRun
from callcenter.stats.reports import ReportFilter

log = logging.getLogger(__name__)
AMI_TIMEOUT_S = 5.0
# Call ids and queue names as Asterisk writes them; anything else is never put into an AMI pattern.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,128}")


def load_queue_log(path: str, server: str, *, callbacks: bool = True, **kwargs: Any) -> loader.LoadResult:
    """Load new lines of one queue_log file for a server (idempotent; see callcenter.stats.loader), then
    bring the callback list up to them (unless ``callbacks`` is False: the next load catches up)."""
    result = loader.load_file(path, server, **kwargs)
    if callbacks:
        sync_callbacks(server)
    return result


def load_server(server_id: int) -> loader.LoadResult | None:
    """Load the queue_log of one configured Asterisk server, if its file is readable from here."""
    server = AsteriskServer.objects.get(pk=server_id)
    if not server.enabled or not os.path.isfile(server.queue_log_path):
        return None
    result = loader.load_file(server.queue_log_path, server.name)
    if result.quarantined:
        log.warning("queue_log of %s: %d malformed lines quarantined", server.name, result.quarantined)
    sync_callbacks(server.name)
    return result


# --- the callback list ---------------------------------------------------------------------------------

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
# The held turn of a request (dialplans/callback.conf): its Local channel, and the AstDB family whose key
# (the request's callid) tells a turn answered later that the request was handled elsewhere.
HELD_TURN_FAMILY = "cc-callback"
HELD_TURN_CONTEXT = "cc-callback-hold"
_REGEX_SPECIAL = frozenset(".[]{}()\\*+?^$|")


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


def _regex_literal(value: str) -> str:
    return "".join("\\" + char if char in _REGEX_SPECIAL else char for char in value)


def held_turn_channels(entry: Callback) -> str:
    """The AMI Hangup pattern of a request's held turn: both halves of its Local channel."""
    exten = f"[0-9]+-{_regex_literal(entry.queue)}\\+{_regex_literal(entry.request_callid)}"
    return f"/^Local/{exten}@{HELD_TURN_CONTEXT}-/"


def release_held_turn(entry: Callback) -> bool:
    """Take a request's held turn out of the queue, now that someone else calls the customer back.

    Two steps over AMI, on the node that wrote the request: DBPut ``cc-callback/<request callid>``, which
    the turn's dialplan checks before it dials the customer (if an agent answers it at this very moment),
    then Hangup of the turn's Local channel, which leaves the queue (ABANDON in queue_log). Best effort: a
    node that cannot be reached is logged, and the flag or the turn's own timeout end the turn.
    """
    if entry.kind != Callback.Kind.REQUEST or not entry.request_callid or not entry.server:
        return False
    if not (_SAFE_NAME.fullmatch(entry.request_callid) and _SAFE_NAME.fullmatch(entry.queue)):
        return False
    ended = CallbackTurn.objects.filter(
        server=entry.server, request_callid=entry.request_callid, ended_at__isnull=False
    )
    if ended.exists():
        return False
    server = AsteriskServer.objects.filter(name=entry.server, enabled=True).first()
    if server is None:
        return False
    flag = {"Family": HELD_TURN_FAMILY, "Key": entry.request_callid, "Val": "handled"}
    if not _held_turn_action(entry, server, "DBPut", flag):
        return False
    return _held_turn_action(
        entry, server, "Hangup", {"Channel": held_turn_channels(entry)}, must_succeed=True
    )


def _held_turn_action(
    entry: Callback, server: AsteriskServer, name: str, headers: dict[str, str], *, must_succeed: bool = False
) -> bool:
    """One AMI action for a held turn: False when Asterisk could not be reached, or refused an action
    that ``must_succeed``."""
    try:
        call_action(server, name, headers, timeout=AMI_TIMEOUT_S)
    except AMIActionError as exc:
        # DBPut refused, or Hangup found no such channel: the turn is gone already.
        log.info("event=callback_turn_%s_refused callback=%s detail=%s", name.lower(), entry.pk, exc.message)
        return not must_succeed
    except (AMIError, OSError) as exc:
        log.warning("event=callback_turn_release_failed callback=%s error=%s", entry.pk, exc)
        return False
    return True


def start_report(actor: Any, kind: str, fmt: str, flt: ReportFilter) -> ReportRun:
    """Queue a report to be built in the background; the page follows its progress."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise ValueError(_("Unknown report or format."))
    run = ReportRun.objects.create(kind=kind, fmt=fmt, params=flt.as_params(), created_by=actor)
    record(actor, "stats.report_requested", run, changes={"kind": kind, "fmt": fmt, **flt.as_params()})
    from callcenter.stats.tasks import build_report_run

    transaction.on_commit(lambda: build_report_run.delay(run.pk))
    return run


def build_report(run_id: int) -> ReportRun:
    """Build a queued report, storing its file and progress on the ReportRun row."""
    run = ReportRun.objects.get(pk=run_id)
    if run.status == ReportRun.Status.DONE:
        return run
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=1)
    flt = ReportFilter.from_params(run.params)

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=max(1, min(percent, 99)))

    try:
        document = exports.build(run.kind, flt, progress)
        content = exports.render(document, run.fmt)
    except Exception as exc:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    run.file.save(exports.filename(run.kind, flt, run.fmt), ContentFile(content), save=False)
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["file", "status", "progress", "finished_at"])
    return run


def build_nightly_report(day: date | None = None, *, now: datetime | None = None) -> list[ReportRun]:
    """Build and store the daily queue report of ``day`` (default: yesterday in the center's time zone).

    One row per day and format; running it again for a day already built changes nothing. When
    DAILY_REPORT_RECIPIENTS is set, the new files are e-mailed as one delivery, retried with back-off
    (callcenter.stats.schedules.actions).
    """
    now = now or timezone.now()
    tz = str(settings.TIME_ZONE)
    if day is None:
        day = timezone.localdate(now, timezone=timezone.get_default_timezone()) - timedelta(days=1)
    flt = ReportFilter(date_from=day, date_to=day, tz=tz)
    built: list[ReportRun] = []
    for fmt in getattr(settings, "DAILY_REPORT_FORMATS", ("xlsx", "pdf")):
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    kind="daily", fmt=fmt, params=flt.as_params(), nightly=True, report_date=day
                )
        except IntegrityError:
            continue
        built.append(build_report(run.pk))
    for run in built:
        record(None, "stats.nightly_report", run, changes={"day": day.isoformat(), "fmt": run.fmt})
    recipients = list(getattr(settings, "DAILY_REPORT_RECIPIENTS", []) or [])
    if built and recipients:
        from callcenter.stats.schedules import actions as schedule_actions

        schedule_actions.deliver_nightly(day, built, recipients, now)
    return built
