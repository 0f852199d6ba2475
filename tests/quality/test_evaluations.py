"""QA evaluations: a supervisor scores a recorded call of their team with a form; the score is stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, Recording
from tests.quality.conftest import close_with_full_marks, questions
from tests.quality.factories import RecordingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording(center: dict[str, Any]) -> Recording:
    return RecordingFactory(agent="Agent 1001", agent_ref=center["ivan"])


def test_a_supervisor_of_the_agents_team_opens_an_evaluation(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    evaluation = actions.start_evaluation(center["sam"], recording, qa_form)
    assert (evaluation.status, evaluation.agent_ref, evaluation.callid) == (
        "open",
        center["ivan"],
        recording.callid,
    )
    assert AuditEntry.objects.filter(action="quality.evaluation.start", object_id=str(evaluation.pk)).exists()


def test_a_supervisor_of_another_team_cannot_evaluate(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    with pytest.raises(actions.QualityError) as refused:
        actions.start_evaluation(center["tina"], recording, qa_form)
    assert refused.value.status == 404


def test_an_agent_cannot_evaluate(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    with pytest.raises(actions.QualityError):
        actions.start_evaluation(center["agent_user"], recording, qa_form)


def test_an_inactive_form_is_refused(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    qa_form.active = False
    qa_form.save()
    with pytest.raises(actions.QualityError):
        actions.start_evaluation(center["sam"], recording, qa_form)


@pytest.mark.parametrize(
    ("solved", "polite", "score", "fatal_failed"),
    [
        (3, 1, "76.00", False),  # (1 + 3 * 3/5 + 1) / 5 = 76 %
        (5, 0, "0.00", True),  # a failed fatal question scores zero
    ],
    ids=["by-weight", "fatal-failed"],
)
def test_answers_are_scored(
    center: dict[str, Any],
    opened: Evaluation,
    qa_form: EvaluationForm,
    solved: int,
    polite: int,
    score: str,
    fatal_failed: bool,
) -> None:
    ids = questions(qa_form)
    answers = {ids["Greeted"]: 1, ids["Solved"]: solved, ids["Polite"]: polite}
    saved = actions.save_evaluation(center["sam"], opened, answers)
    assert (saved.score, saved.fatal_failed, saved.status) == (Decimal(score), fatal_failed, "open")


def test_closing_needs_every_question_answered(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    with pytest.raises(actions.QualityError):
        actions.save_evaluation(center["sam"], opened, {ids["Greeted"]: 1}, close=True)
    opened.refresh_from_db()
    assert (opened.status, opened.answers.count()) == ("open", 0)  # nothing changed


def test_a_closed_evaluation_is_final(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    answers = {ids["Greeted"]: 1, ids["Solved"]: None, ids["Polite"]: 1}
    closed = actions.save_evaluation(center["sam"], opened, answers, comment="Good call.", close=True)
    assert (closed.status, closed.score, closed.comment) == ("closed", Decimal("100.00"), "Good call.")
    with pytest.raises(actions.QualityError) as refused:
        actions.save_evaluation(center["sam"], closed, {ids["Greeted"]: 0})
    assert refused.value.status == 409


def test_an_answer_out_of_range_changes_nothing(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    with pytest.raises(actions.QualityError):
        actions.save_evaluation(center["sam"], opened, {ids["Greeted"]: 1, ids["Solved"]: 6})
    assert opened.answers.count() == 0


def test_a_question_of_another_form_is_refused(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    other = EvaluationForm.objects.create(name="Other")
    evaluation = actions.start_evaluation(center["sam"], recording, other)
    with pytest.raises(actions.QualityError):
        actions.save_evaluation(center["sam"], evaluation, {questions(qa_form)["Greeted"]: 1})


def test_another_supervisor_cannot_change_an_open_evaluation(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm, admin_user: User
) -> None:
    evaluation = actions.start_evaluation(admin_user, recording, qa_form)
    with pytest.raises(actions.QualityError) as refused:
        actions.save_evaluation(center["sam"], evaluation, {questions(qa_form)["Greeted"]: 1})
    assert refused.value.status == 403


def test_an_open_evaluation_can_be_discarded_and_a_closed_one_cannot(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    draft = actions.start_evaluation(center["sam"], recording, qa_form)
    actions.discard_evaluation(center["sam"], draft)
    assert not Evaluation.objects.filter(pk=draft.pk).exists()
    done = actions.start_evaluation(center["sam"], recording, qa_form)
    close_with_full_marks(center["sam"], done, qa_form)
    with pytest.raises(actions.QualityError):
        actions.discard_evaluation(center["sam"], done)


def test_an_agent_sees_only_their_own_closed_evaluations(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    open_one = actions.start_evaluation(center["sam"], recording, qa_form)
    other = EvaluationForm.objects.create(name="Short")
    closed = actions.start_evaluation(center["sam"], recording, other)
    assert list(Evaluation.objects.visible_to(center["agent_user"])) == []
    close_with_full_marks(center["sam"], open_one, qa_form)
    assert list(Evaluation.objects.visible_to(center["agent_user"])) == [open_one]
    assert closed not in Evaluation.objects.visible_to(center["agent_user"])
