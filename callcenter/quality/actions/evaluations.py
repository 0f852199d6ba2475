"""QA evaluations of recorded calls: opened, answered, closed or discarded by their supervisor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.accounts.roles import role_of
from callcenter.audit.actions import delete_audited, record
from callcenter.quality import scoring
from callcenter.quality.actions.config import QualityError
from callcenter.quality.models import (
    Answer,
    Evaluation,
    EvaluationForm,
    Question,
    Recording,
)
from callcenter.quality.querysets import EVALUATORS


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
