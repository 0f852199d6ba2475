"""Saving and deleting QA forms and retention rules through quality's actions: who may, and the audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import Queue
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, Question, RetentionRule
from tests.factories import QueueFactory
from tests.harness.personas import Center
from tests.quality.factories import EvaluationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(db: None) -> Queue:
    queue: Queue = QueueFactory.create(name="support")
    return queue


def test_a_new_form_belongs_to_the_supervisor_who_made_it(center: Center) -> None:
    form = actions.save(center["sam"], EvaluationForm(name="Sales calls"))
    assert form.created_by == center["sam"]
    entry = AuditEntry.objects.get(object_type="quality.evaluationform")
    assert (entry.action, entry.actor) == ("create", center["sam"])


def test_a_form_saved_by_the_system_has_no_author(db: None) -> None:
    assert actions.save(None, EvaluationForm(name="Imported")).created_by is None


@pytest.mark.parametrize("who", ["agent", "manager"])
def test_only_administrators_and_supervisors_change_qa_forms(
    center: Center, manager_user: User, who: str
) -> None:
    actor = center["agent_user"] if who == "agent" else manager_user
    with pytest.raises(actions.QualityError) as caught:
        actions.save(actor, EvaluationForm(name="Mine"))
    assert (caught.value.message, caught.value.status) == (
        "Only administrators and supervisors may change QA forms.",
        403,
    )
    assert not EvaluationForm.objects.exists()


def test_a_supervisor_may_not_change_how_long_recordings_are_kept(center: Center, support: Queue) -> None:
    with pytest.raises(actions.QualityError) as caught:
        actions.save(center["sam"], RetentionRule(queue=support, days=7))
    assert (caught.value.message, caught.value.status) == (
        "Only administrators may change how long recordings are kept.",
        403,
    )
    assert not RetentionRule.objects.exists()


def test_a_retention_rule_is_validated_before_it_is_saved(admin_user: User, support: Queue) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.save(admin_user, RetentionRule(queue=support, days=0))
    assert list(caught.value.message_dict) == ["days"]
    assert not AuditEntry.objects.exists()


def test_a_change_is_audited_with_the_old_and_new_value(admin_user: User, support: Queue) -> None:
    rule = actions.save(admin_user, RetentionRule(queue=support, days=7))
    rule.days = 30
    actions.save(admin_user, rule)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"days": [7, 30]}


def test_deleting_an_answered_question_is_refused_and_leaves_no_audit(center: Center) -> None:
    question: Question = QuestionFactory.create()
    evaluation: Evaluation = EvaluationFactory.create(form=question.section.form)
    evaluation.answers.create(question=question, value=1)
    with pytest.raises(ProtectedError):
        actions.delete(center["sam"], question)
    assert Question.objects.filter(pk=question.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()
