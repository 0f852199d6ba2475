"""The QA form pages: who may open them, and the message each refused change leaves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from callcenter.accounts.models import User
from callcenter.quality.models import EvaluationForm, FormSection, Question
from tests.harness.personas import Center, web_client
from tests.quality.factories import EvaluationFormFactory, FormSectionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _change(user: User, form: EvaluationForm, data: dict[str, str]) -> list[str]:
    response = web_client(user).post(reverse("quality:form", args=[form.pk]), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_an_unknown_change_is_refused(center: Center, qa_form: EvaluationForm) -> None:
    assert _change(center["sam"], qa_form, {"action": "rename_everything"}) == ["Unknown change."]


def test_a_question_of_another_form_is_not_deleted_through_this_one(
    center: Center, qa_form: EvaluationForm
) -> None:
    other: Question = QuestionFactory.create(
        section=FormSectionFactory.create(form=EvaluationFormFactory.create())
    )
    messages = _change(center["sam"], qa_form, {"action": "delete_question", "id": str(other.pk)})
    assert messages == ["Nothing to delete."]
    assert Question.objects.filter(pk=other.pk).exists()


def test_a_delete_without_a_numeric_id_deletes_nothing(center: Center, qa_form: EvaluationForm) -> None:
    before = FormSection.objects.count()
    assert _change(center["sam"], qa_form, {"action": "delete_section", "id": "all"}) == [
        "Nothing to delete."
    ]
    assert FormSection.objects.count() == before


def test_an_unanswered_question_is_deleted(center: Center, qa_form: EvaluationForm) -> None:
    question = Question.objects.filter(section__form=qa_form).first()
    assert question is not None
    assert _change(center["sam"], qa_form, {"action": "delete_question", "id": str(question.pk)}) == [
        "Saved."
    ]
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_question_goes_only_into_a_section_of_its_form(center: Center, qa_form: EvaluationForm) -> None:
    foreign: FormSection = FormSectionFactory.create(form=EvaluationFormFactory.create())
    data = {
        "action": "question",
        "section": str(foreign.pk),
        "text": "Smiled?",
        "kind": "yesno",
        "weight": "1",
        "position": "1",
    }
    messages = _change(center["sam"], qa_form, data)
    assert len(messages) == 1 and "Select a valid choice" in messages[0]
    assert not Question.objects.filter(text="Smiled?").exists()


def test_a_form_without_a_name_is_a_400_and_creates_nothing(center: Center) -> None:
    response = web_client(center["sam"]).post(reverse("quality:forms"), {"name": "", "description": ""})
    assert response.status_code == 400
    assert not EvaluationForm.objects.exists()


def test_renaming_a_form(center: Center, qa_form: EvaluationForm) -> None:
    data = {"action": "form", "name": "Support calls v2", "description": "", "active": "on"}
    assert _change(center["sam"], qa_form, data) == ["Saved."]
    qa_form.refresh_from_db()
    assert (qa_form.name, qa_form.active) == ("Support calls v2", True)


@pytest.mark.parametrize("who", ["agent", "manager"])
def test_only_evaluators_open_the_form_pages(
    center: Center, manager_user: User, qa_form: EvaluationForm, who: str
) -> None:
    client = web_client(center["agent_user"] if who == "agent" else manager_user)
    assert client.get(reverse("quality:forms")).status_code == 403
    assert client.get(reverse("quality:form", args=[qa_form.pk])).status_code == 403
