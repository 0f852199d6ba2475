"""What the quality pages share: who may evaluate, and the recording a person may open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from callcenter.accounts.roles import has_role
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, FormSection, Question, Recording
from callcenter.quality.querysets import EVALUATORS

View = Callable[..., HttpResponseBase]


PAGE_SIZE = 50


def evaluator(view: View) -> View:
    """Signed in as an administrator or a supervisor."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_role(request.user, *EVALUATORS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def visible_recording(request: HttpRequest, pk: int) -> Recording:
    try:
        return actions.recording_for(request.user, pk)
    except actions.QualityError:
        raise Http404(_("No such recording.")) from None


@dataclass
class QuestionRow:
    question: Question
    value: int | None
    answered: bool

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The answer's options as the player's select offers them: value -> label."""
        if self.question.kind == Question.Kind.YES_NO:
            return [("1", _("yes")), ("0", _("no"))]
        return [(str(value), str(value)) for value in range(0, self.question.max_value + 1)]

    @property
    def current(self) -> str:
        if not self.answered:
            return ""
        return "na" if self.value is None else str(self.value)


@dataclass
class SectionRows:
    section: FormSection
    rows: list[QuestionRow]


def sections_of(evaluation: Evaluation) -> list[SectionRows]:
    answers = actions.evaluation_answers(evaluation)
    grouped: dict[int, SectionRows] = {}
    for question in actions.questions_of(evaluation.form):
        entry = grouped.setdefault(question.section_id, SectionRows(question.section, []))
        entry.rows.append(QuestionRow(question, answers.get(question.pk), question.pk in answers))
    return list(grouped.values())
