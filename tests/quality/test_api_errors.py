"""The quality API's refusals: their status and the body that says why (400, 403, 404, 409)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from callcenter.accounts.models import Role
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, Recording
from tests.factories import UserFactory
from tests.harness.personas import api_client
from tests.quality.conftest import LoggedCall, close_with_full_marks, questions

pytestmark = pytest.mark.django_db


def test_an_unknown_form_is_a_400_naming_the_form(center: dict[str, Any], recording: Recording) -> None:
    response = api_client(center["sam"]).post(
        "/api/quality/evaluations/", {"recording": recording.pk, "form": 999999}, format="json"
    )
    assert (response.status_code, response.json()) == (400, {"form": ["No such form."]})


def test_a_recording_the_supervisor_may_not_hear_is_a_400_naming_the_recording(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    response = api_client(center["tina"]).post(
        "/api/quality/evaluations/", {"recording": recording.pk, "form": qa_form.pk}, format="json"
    )
    assert (response.status_code, response.json()) == (400, {"recording": ["No such recording."]})


def test_an_inactive_form_is_a_400(
    center: dict[str, Any], recording: Recording, qa_form: EvaluationForm
) -> None:
    qa_form.active = False
    qa_form.save()
    response = api_client(center["sam"]).post(
        "/api/quality/evaluations/", {"recording": recording.pk, "form": qa_form.pk}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["This form is not active."]},
    )
    assert not Evaluation.objects.exists()


def test_only_the_supervisor_who_opened_an_evaluation_changes_it(
    center: dict[str, Any], opened: Evaluation
) -> None:
    sue = UserFactory.create(username="sue", role=Role.SUPERVISOR)
    center["north"].supervisors.add(sue)  # sees the evaluation, did not open it
    response = api_client(sue).patch(
        f"/api/quality/evaluations/{opened.pk}/", {"comment": "mine"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the supervisor who opened this evaluation may change it."}
    opened.refresh_from_db()
    assert opened.comment == ""


def test_another_teams_supervisor_does_not_find_the_evaluation(
    center: dict[str, Any], opened: Evaluation
) -> None:
    response = api_client(center["tina"]).patch(
        f"/api/quality/evaluations/{opened.pk}/", {"comment": "x"}, format="json"
    )
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_closing_with_a_question_unanswered_is_a_400_and_leaves_it_open(
    center: dict[str, Any], opened: Evaluation
) -> None:
    response = api_client(center["sam"]).post(
        f"/api/quality/evaluations/{opened.pk}/close/", {}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    opened.refresh_from_db()
    assert opened.status == "open"


def test_a_closed_evaluation_is_a_409_for_changes_and_deletes(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    close_with_full_marks(center["sam"], opened, qa_form)
    api = api_client(center["sam"])
    changed = api.patch(f"/api/quality/evaluations/{opened.pk}/", {"comment": "late"}, format="json")
    assert (changed.status_code, changed.json()) == (409, {"detail": "This evaluation is closed."})
    deleted = api.delete(f"/api/quality/evaluations/{opened.pk}/")
    assert (deleted.status_code, deleted.json()) == (
        409,
        {"detail": "A closed evaluation cannot be deleted."},
    )
    assert Evaluation.objects.filter(pk=opened.pk).exists()


def test_deleting_an_answered_question_names_what_refers_to_it(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    greeted = questions(qa_form)["Greeted"]
    actions.save_evaluation(center["sam"], opened, {greeted: 1})
    response = api_client(center["sam"]).delete(f"/api/quality/questions/{greeted}/")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"].startswith("It cannot be deleted while other records refer to it:")
    assert [row["model"] for row in body["referenced_by"]] == ["quality.answer"]


def test_the_audio_of_a_missing_file_is_a_404_saying_so(
    center: dict[str, Any], logged_call: Callable[..., LoggedCall]
) -> None:
    recording = logged_call(seconds=None).recording
    assert recording is not None
    response = api_client(center["sam"]).get(f"/api/quality/recordings/{recording.pk}/file/")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "The recording's file is missing or empty."},
    )


def test_an_agent_may_not_define_forms(center: dict[str, Any]) -> None:
    response = api_client(center["agent_user"]).post("/api/quality/forms/", {"name": "Mine"}, format="json")
    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert not EvaluationForm.objects.filter(name="Mine").exists()
