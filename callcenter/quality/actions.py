"""The one place that writes for quality: recordings (import, file checks, retention), forms and evaluations.

Every change a person makes is authorised and audited here, whoever calls it (a view, the API, a command,
a task); so is every play and download of a recording, and every recording retention deletes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.accounts.roles import role_of
from callcenter.agents.models import Agent
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.quality import files, scoring
from callcenter.quality.models import (
    Answer,
    Evaluation,
    EvaluationForm,
    ImportMark,
    Question,
    Recording,
    RetentionRule,
)
from callcenter.quality.querysets import EVALUATORS
from callcenter.stats.models import AssemblyMark, Call, QueueLogLine
from callcenter.stats.parser import RECORDING

log = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)

PLAY = "quality.recording.play"
DOWNLOAD = "quality.recording.download"
PURGED = "quality.recording.purged"
IMPORT_BATCH = 500
# Files of calls that ended this recently are checked again: MixMonitor finishes writing after the hangup.
RECHECK_RECENT = timedelta(days=1)


class QualityError(Exception):
    """A refused action; ``message`` is worded for the person who asked, ``status`` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- configuration rows: forms, sections, questions, retention rules -------------------------------------


def _check_editor(actor: Any, instance: models.Model) -> None:
    """QA forms: administrators and supervisors; retention rules: administrators (None: the system)."""
    if actor is None:
        return
    if isinstance(instance, RetentionRule):
        if role_of(actor) != "admin":
            raise QualityError(_("Only administrators may change how long recordings are kept."), status=403)
    elif role_of(actor) not in EVALUATORS:
        raise QualityError(_("Only administrators and supervisors may change QA forms."), status=403)


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update a form, section, question or retention rule, audited."""
    _check_editor(actor, instance)
    if isinstance(instance, EvaluationForm) and instance.pk is None and instance.created_by_id is None:
        instance.created_by = actor if getattr(actor, "pk", None) else None
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete a form, section, question or retention rule, audited; answered questions are protected."""
    _check_editor(actor, instance)
    delete_audited(actor, instance)


# --- recordings: import from the stored queue_log lines ---------------------------------------------------


@dataclass
class ImportResult:
    imported: int = 0
    servers: list[str] = field(default_factory=list)


def _roots() -> dict[str, str]:
    return dict(AsteriskServer.objects.values_list("name", "recordings_dir"))


def _import_lines(server: str, lines: list[QueueLogLine], root: str) -> int:
    keys = {(line.callid, line.queue) for line in lines}
    calls = {
        (call.callid, call.queue): call
        for call in Call.objects.filter(server=server, callid__in={callid for callid, _q in keys})
    }
    agent_names = {line.agent for line in lines} | {call.agent for call in calls.values()}
    agents = dict(Agent.objects.filter(member_name__in=agent_names).values_list("member_name", "pk"))
    queues = dict(Queue.objects.filter(name__in={queue for _c, queue in keys}).values_list("name", "pk"))
    count = 0
    for line in lines:
        call = calls.get((line.callid, line.queue))
        agent = line.agent if line.agent != "NONE" else (call.agent if call else "")
        facts = files.inspect(line.info, root)
        started = (call.connected_at or call.entered_at) if call else line.time
        Recording.objects.update_or_create(
            server=server,
            callid=line.callid,
            queue=line.queue,
            defaults={
                "queue_ref_id": queues.get(line.queue),
                "agent": agent,
                "agent_ref_id": agents.get(agent),
                "caller": call.caller if call else "",
                "started_at": started,
                "duration_s": facts.duration_s
                if facts.duration_s is not None
                else (call.talk_s if call else None),
                "path": line.info,
                "format": files.file_format(line.info),
                "size": facts.size,
                "status": facts.status,
                "checked_at": timezone.now(),
                "logged_at": line.time,
            },
        )
        count += 1
    return count


def import_recordings(server: str | None = None) -> ImportResult:
    """Make a Recording of every RECORDING line the loader stored and assembled since the last import.

    Reads only lines up to the node's assembly mark, so each recording's call is already there; moves
    the node's own mark in the same transaction as the rows, so running it again adds nothing.
    """
    result = ImportResult()
    roots = _roots()
    assembled = AssemblyMark.objects.all() if server is None else AssemblyMark.objects.filter(server=server)
    for assembly in assembled.order_by("server"):
        mark, _created = ImportMark.objects.get_or_create(server=assembly.server)
        if mark.line_id >= assembly.line_id:
            continue
        lines = QueueLogLine.objects.filter(
            server=assembly.server, id__gt=mark.line_id, id__lte=assembly.line_id, verb=RECORDING
        ).order_by("id")
        with transaction.atomic():
            batch: list[QueueLogLine] = []
            for line in lines.iterator(chunk_size=IMPORT_BATCH):
                batch.append(line)
                if len(batch) >= IMPORT_BATCH:
                    result.imported += _import_lines(assembly.server, batch, roots.get(assembly.server, ""))
                    batch = []
            if batch:
                result.imported += _import_lines(assembly.server, batch, roots.get(assembly.server, ""))
            ImportMark.objects.filter(pk=mark.pk).update(line_id=assembly.line_id, updated_at=timezone.now())
        result.servers.append(assembly.server)
    return result


# --- recordings: file checks --------------------------------------------------------------------------------


@dataclass
class CheckResult:
    checked: int = 0
    playable: int = 0
    flagged: dict[str, int] = field(default_factory=dict)


def check_recordings(*, everything: bool = False, now: datetime | None = None) -> CheckResult:
    """Stat the files: a missing, empty or misplaced file is flagged (and not offered for playing).

    By default the recordings not found playable yet and those of the last day; ``everything`` checks all.
    """
    now = now or timezone.now()
    rows = Recording.objects.all()
    if not everything:
        rows = rows.filter(~Q(status=Recording.Status.OK) | Q(logged_at__gte=now - RECHECK_RECENT))
    roots = _roots()
    result = CheckResult()
    changed: list[Recording] = []
    for recording in rows.order_by("id").iterator(chunk_size=IMPORT_BATCH):
        facts = files.inspect(recording.path, roots.get(recording.server, ""))
        result.checked += 1
        if facts.status == Recording.Status.OK:
            result.playable += 1
        else:
            result.flagged[facts.status] = result.flagged.get(facts.status, 0) + 1
        duration = facts.duration_s if facts.duration_s is not None else recording.duration_s
        if (recording.status, recording.size, recording.duration_s) != (facts.status, facts.size, duration):
            recording.status, recording.size, recording.duration_s = facts.status, facts.size, duration
            recording.checked_at = now
            changed.append(recording)
        if len(changed) >= IMPORT_BATCH:
            Recording.objects.bulk_update(changed, ["status", "size", "duration_s", "checked_at"])
            changed = []
    if changed:
        Recording.objects.bulk_update(changed, ["status", "size", "duration_s", "checked_at"])
    if result.flagged:
        log.warning("recordings not playable: %s", result.flagged)
    return result


def flag_unreadable(recording: Recording) -> None:
    """The file vanished between the check and a play: mark it missing."""
    Recording.objects.filter(pk=recording.pk).update(
        status=Recording.Status.MISSING, checked_at=timezone.now()
    )


# --- recordings: who may listen, and the audit of each play and download ---------------------------------


def recording_for(user: Any, pk: int) -> Recording:
    """The recording if this user may listen to it; otherwise "not found" (QualityError 404)."""
    recording = Recording.objects.visible_to(user).with_call().filter(pk=pk).first()
    if recording is None:
        raise QualityError(_("No such recording."), status=404)
    return recording


def playable_path(recording: Recording) -> str:
    """The file to serve, or QualityError 404 when it is flagged or outside its node's directory."""
    root = (
        AsteriskServer.objects.filter(name=recording.server).values_list("recordings_dir", flat=True).first()
    )
    if not recording.playable or not files.inside(recording.path, root or ""):
        raise QualityError(_("The recording's file is missing or empty."), status=404)
    return recording.path


def record_access(user: Any, recording: Recording, *, download: bool) -> AuditEntry | None:
    """Audit a play or download: who, which call, when. The requests of one play (the player fetches
    ranges while seeking) make one entry per RECORDING_AUDIT_WINDOW_S; returns the new entry, if any."""
    action = DOWNLOAD if download else PLAY
    since = timezone.now() - timedelta(seconds=settings.RECORDING_AUDIT_WINDOW_S)
    recent = AuditEntry.objects.filter(
        object_type="quality.recording",
        object_id=str(recording.pk),
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        created_at__gte=since,
    )
    if recent.exists():
        return None
    return record(
        user,
        action,
        recording,
        changes={
            "server": recording.server,
            "callid": recording.callid,
            "queue": recording.queue,
            "agent": recording.agent,
            "caller": recording.caller,
            "started_at": recording.started_at.isoformat(),
        },
    )


# --- retention ------------------------------------------------------------------------------------------------


@dataclass
class PurgeItem:
    recording_id: int
    server: str
    queue: str
    callid: str
    started_at: datetime
    path: str
    size: int | None
    error: str = ""


@dataclass
class PurgeReport:
    dry_run: bool
    days: dict[str, int] = field(default_factory=dict)  # queue -> days kept ("*": queues without a rule)
    deleted: list[PurgeItem] = field(default_factory=list)
    kept_open: list[PurgeItem] = field(default_factory=list)  # expired, but under an open evaluation
    failed: list[PurgeItem] = field(default_factory=list)

    @property
    def bytes_freed(self) -> int:
        return sum(item.size or 0 for item in self.deleted)


def retention_days() -> dict[str, int]:
    """Days kept per queue name with a rule; "*" is the default of the others (0: kept for ever)."""
    days = dict(RetentionRule.objects.values_list("queue__name", "days"))
    days["*"] = int(settings.RECORDING_RETENTION_DAYS)
    return days


def _expired(days: Mapping[str, int], now: datetime) -> models.QuerySet[Recording]:
    named = [name for name in days if name != "*"]
    condition = Q()
    for name in named:
        condition |= Q(queue=name, started_at__lt=now - timedelta(days=days[name]))
    if days["*"] > 0:
        condition |= ~Q(queue__in=named) & Q(started_at__lt=now - timedelta(days=days["*"]))
    if not condition:
        return Recording.objects.none()
    return Recording.objects.filter(condition)


def _item(recording: Recording, error: str = "") -> PurgeItem:
    return PurgeItem(
        recording.pk,
        recording.server,
        recording.queue,
        recording.callid,
        recording.started_at,
        recording.path,
        recording.size,
        error,
    )


def _remove_file(recording: Recording, roots: Mapping[str, str]) -> str:
    """Delete the file (only inside its node's directory); an error text, or "" when it is gone."""
    if not files.inside(recording.path, roots.get(recording.server, "")):
        return ""  # never delete a file outside the recordings directory; the row goes
    try:
        os.remove(recording.path)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def purge_recordings(actor: Any, *, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    """Delete the files and rows of recordings older than their queue keeps them, each audited.

    A recording under an open evaluation is kept (and listed); a file that cannot be deleted keeps its
    row (listed as failed, to be retried the next night). ``dry_run`` lists what would go, changing nothing.
    """
    now = now or timezone.now()
    days = retention_days()
    report = PurgeReport(dry_run=dry_run, days=days)
    open_evaluation = Evaluation.objects.filter(recording=OuterRef("pk"), status=Evaluation.Status.OPEN)
    expired = _expired(days, now).annotate(under_review=Exists(open_evaluation)).order_by("started_at", "id")
    roots = _roots()
    for recording in expired.iterator(chunk_size=IMPORT_BATCH):
        if getattr(recording, "under_review", False):
            report.kept_open.append(_item(recording))
            continue
        if dry_run:
            report.deleted.append(_item(recording))
            continue
        error = _remove_file(recording, roots)
        if error:
            report.failed.append(_item(recording, error))
            record(actor, PURGED, recording, result="error", detail=error, changes={"path": recording.path})
            continue
        with transaction.atomic():
            record(
                actor,
                PURGED,
                recording,
                changes={
                    "server": recording.server,
                    "callid": recording.callid,
                    "queue": recording.queue,
                    "agent": recording.agent,
                    "started_at": recording.started_at.isoformat(),
                    "path": recording.path,
                    "size": recording.size,
                },
            )
            item = _item(recording)
            recording.delete()
        report.deleted.append(item)
    if not dry_run and (report.deleted or report.failed):
        record(
            actor,
            "quality.recordings.purge",
            changes={
                "deleted": len(report.deleted),
                "failed": len(report.failed),
                "kept_open": len(report.kept_open),
                "bytes": report.bytes_freed,
            },
            object_type="quality.recording",
        )
    return report


# --- evaluations ----------------------------------------------------------------------------------------------


def can_evaluate(user: Any, recording: Recording) -> bool:
    """Administrators, and supervisors of the recorded agent's team (the same rule as listening in)."""
    return role_of(user) in EVALUATORS and Recording.objects.visible_to(user).filter(pk=recording.pk).exists()


def start_evaluation(actor: Any, recording: Recording, form: EvaluationForm) -> Evaluation:
    """Open an evaluation of a recorded call with a form (or return the actor's open one with that form)."""
    if not can_evaluate(actor, recording):
        raise QualityError(_("No such recording."), status=404)
    if not form.active:
        raise QualityError(_("This form is not active."))
    existing = Evaluation.objects.filter(
        recording=recording, form=form, evaluator=actor, status=Evaluation.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            recording=recording,
            form=form,
            server=recording.server,
            callid=recording.callid,
            queue=recording.queue,
            agent=recording.agent,
            agent_ref_id=recording.agent_ref_id,
            call_started_at=recording.started_at,
            evaluator=actor,
        )
        record(
            actor,
            "quality.evaluation.start",
            evaluation,
            changes={"form": form.name, "callid": recording.callid, "agent": recording.agent},
        )
    return evaluation


def may_edit(actor: Any, evaluation: Evaluation) -> bool:
    if not Evaluation.objects.visible_to(actor).filter(pk=evaluation.pk).exists():
        return False
    return role_of(actor) == "admin" or evaluation.evaluator_id == getattr(actor, "pk", None)


def questions_of(form: EvaluationForm) -> list[Question]:
    return list(Question.objects.filter(section__form=form).select_related("section"))


def save_evaluation(
    actor: Any,
    evaluation: Evaluation,
    answers: Mapping[int, int | None],
    *,
    comment: str | None = None,
    close: bool = False,
) -> Evaluation:
    """Store answers (question id -> value, None = not applicable) and the comment, score, and maybe close.

    Only the evaluator (or an administrator) may change an open evaluation; a closed one is final.
    Closing needs an answer (or "not applicable") to every question and at least one that applies.
    """
    if not Evaluation.objects.visible_to(actor).filter(pk=evaluation.pk).exists():
        raise QualityError(_("No such evaluation."), status=404)
    if not may_edit(actor, evaluation):
        raise QualityError(_("Only the supervisor who opened this evaluation may change it."), status=403)
    if not evaluation.is_open:
        raise QualityError(_("This evaluation is closed."), status=409)
    questions = {question.pk: question for question in questions_of(evaluation.form)}
    errors: list[str] = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            errors.append(_("Question %(id)s is not on this form.") % {"id": question_id})
        elif value is not None and not 0 <= value <= question.max_value:
            errors.append(
                _("The answer to “%(question)s” must be between 0 and %(max)s.")
                % {"question": question.text[:60], "max": question.max_value}
            )
    if comment is not None and len(comment) > 4000:
        errors.append(_("The comment is longer than 4000 characters."))
    if errors:
        raise QualityError(" ".join(errors))
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if not locked.is_open:
            raise QualityError(_("This evaluation is closed."), status=409)
        for question_id, value in answers.items():
            Answer.objects.update_or_create(
                evaluation=locked, question_id=question_id, defaults={"value": value}
            )
        given = dict(Answer.objects.filter(evaluation=locked).values_list("question_id", "value"))
        result = scoring.compute(
            scoring.Point(q.weight, q.max_value, given[q.pk], q.fatal)
            for q in questions.values()
            if q.pk in given
        )
        if close:
            missing = [q.text[:60] for q in questions.values() if q.pk not in given]
            if missing:
                raise QualityError(
                    _("Answer every question (or mark it not applicable) before closing: %(questions)s.")
                    % {"questions": "; ".join(missing[:5])}
                )
            if result.score is None:
                raise QualityError(_("At least one question must apply before the evaluation is closed."))
        before = {"score": str(locked.score), "status": locked.status}
        locked.score = result.score
        locked.fatal_failed = result.fatal_failed
        if comment is not None:
            locked.comment = comment
        if close:
            locked.status = Evaluation.Status.CLOSED
            locked.closed_at = timezone.now()
        locked.save()
        record(
            actor,
            "quality.evaluation.close" if close else "quality.evaluation.update",
            locked,
            changes={
                "answers": {str(key): value for key, value in answers.items()},
                "score": [before["score"], str(locked.score)],
                "status": [before["status"], locked.status],
                **({"comment": locked.comment[:200]} if comment is not None else {}),
            },
        )
    return locked


def discard_evaluation(actor: Any, evaluation: Evaluation) -> None:
    """Delete an open evaluation (a closed one stays: it counts in the agent's figures)."""
    fresh = Evaluation.objects.visible_to(actor).filter(pk=evaluation.pk).first()
    if fresh is None:
        raise QualityError(_("No such evaluation."), status=404)
    if not may_edit(actor, fresh):
        raise QualityError(_("Only the supervisor who opened this evaluation may change it."), status=403)
    if not fresh.is_open:
        raise QualityError(_("A closed evaluation cannot be deleted."), status=409)
    delete_audited(actor, fresh)


def evaluation_answers(evaluation: Evaluation) -> dict[int, int | None]:
    return dict(Answer.objects.filter(evaluation=evaluation).values_list("question_id", "value"))


def parse_answers(items: Iterable[tuple[str, str]]) -> dict[int, int | None]:
    """Answers posted by the player page: ``q<question id>`` = a value, or "na" for not applicable."""
    answers: dict[int, int | None] = {}
    for key, value in items:
        if not key.startswith("q") or not key[1:].isdigit() or len(key) > 12:
            continue
        if value == "":
            continue
        if value == "na":
            answers[int(key[1:])] = None
        elif value.isdigit() and len(value) < 3:
            answers[int(key[1:])] = int(value)
        else:
            raise QualityError(_("An answer is not a number."))
    return answers
