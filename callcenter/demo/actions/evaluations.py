"""The demo's QA: its evaluation form, and a few recorded calls scored on it by the demo supervisor."""

from __future__ import annotations

import random

from callcenter.accounts.models import User
from callcenter.quality import actions as quality_actions
from callcenter.quality.models import Evaluation, EvaluationForm, FormSection, Question, Recording

DEMO_QA_FORM = "Demo call review"
# (section, ((question, kind, weight, fatal), ...))
DEMO_QA_QUESTIONS: tuple[tuple[str, tuple[tuple[str, str, int, bool], ...]], ...] = (
    (
        "Opening",
        (
            ("Greeted the caller and gave their name", "yesno", 1, False),
            ("Verified the caller's identity", "yesno", 2, True),
        ),
    ),
    (
        "Resolution",
        (
            ("Understood the request", "scale", 3, False),
            ("Gave a correct and complete answer", "scale", 4, False),
            ("Closed the call politely", "yesno", 1, False),
        ),
    ),
)
DEMO_EVALUATIONS = 6


def demo_qa_form(actor: User) -> EvaluationForm:
    """The demo QA form, created with its sections and questions by ``actor`` the first time."""
    form = EvaluationForm.objects.filter(name=DEMO_QA_FORM).first()
    if form is not None:
        return form
    form = quality_actions.save(
        actor, EvaluationForm(name=DEMO_QA_FORM, description="The demo center's review of a recorded call.")
    )
    for position, (title, questions) in enumerate(DEMO_QA_QUESTIONS):
        section = quality_actions.save(actor, FormSection(form=form, title=title, position=position))
        for order, (text, kind, weight, fatal) in enumerate(questions):
            quality_actions.save(
                actor,
                Question(section=section, text=text, kind=kind, weight=weight, fatal=fatal, position=order),
            )
    return form


def seed_demo_evaluations(count: int = DEMO_EVALUATIONS, *, seed: int = 1) -> int:
    """The demo supervisor scores ``count`` recorded calls of their team on the demo QA form (once)."""
    supervisor = User.objects.get(username="supervisor")
    form = demo_qa_form(supervisor)
    missing = count - Evaluation.objects.filter(form=form).count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo answers, not security
    questions = quality_actions.questions_of(form)
    evaluated = Evaluation.objects.filter(form=form).values("recording_id")
    candidates = (
        Recording.objects.visible_to(supervisor)
        .filter(status=Recording.Status.OK)
        .exclude(pk__in=evaluated)
        .order_by("-started_at")
    )
    created = 0
    for recording in candidates[: missing * 3 : 3]:
        evaluation = quality_actions.start_evaluation(supervisor, recording, form)
        answers = {
            question.pk: question.max_value if rng.random() < 0.8 else rng.randrange(question.max_value + 1)
            for question in questions
        }
        quality_actions.save_evaluation(
            supervisor, evaluation, answers, comment="Reviewed for the weekly QA round.", close=True
        )
        created += 1
    return created
