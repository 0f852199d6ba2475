"""An evaluation's questions grouped by section, each with its answer as the player's form shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from callcenter.quality import actions
from callcenter.quality.models import Evaluation, FormSection, Question


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
