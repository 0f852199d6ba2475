"""The quality API: recordings search and audio (byte ranges), QA forms, evaluations, retention, QA figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, Question, Recording, RetentionRule
from tests.factories import QueueFactory
from tests.harness.personas import api_client
from tests.quality.conftest import LoggedCall, close_with_full_marks, questions, streamed
from tests.quality.factories import RecordingFactory

pytestmark = pytest.mark.django_db


def _file(recording: Recording) -> str:
    """Where the API serves the recording's audio."""
    return f"/api/quality/recordings/{recording.pk}/file/"


def test_the_list_shows_the_call_and_where_to_hear_it(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    rows = api_client(center["sam"]).get("/api/quality/recordings/").json()["results"]
    assert [(row["id"], row["outcome"], row["survey_score"], row["caller"]) for row in rows] == [
        (recording.pk, "answered", 3, "79161110001")
    ]
    assert rows[0]["file_url"] == _file(recording)


def test_the_list_filters_by_survey_and_duration(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    api = api_client(center["sam"])
    assert api.get("/api/quality/recordings/", {"survey_max": 2}).json()["results"] == []
    assert (
        len(api.get("/api/quality/recordings/", {"duration_max": 5, "survey_min": 3}).json()["results"]) == 1
    )


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-13-01"},
        {"survey_min": "0"},
        {"tz": "Mars/Base"},
        {"caller": "12ab"},
        {"outcome": "x"},
    ],
)
def test_a_bad_filter_is_a_400(center: dict[str, Any], params: dict[str, str]) -> None:
    assert api_client(center["sam"]).get("/api/quality/recordings/", params).status_code == 400


def test_the_audio_comes_by_range_and_is_audited(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, content = recorded
    response = api_client(center["sam"]).get(_file(recording), HTTP_RANGE="bytes=44-143")
    assert (response.status_code, response["Content-Range"]) == (206, f"bytes 44-143/{len(content)}")
    assert streamed(response) == content[44:144]
    assert AuditEntry.objects.filter(action=actions.PLAY, actor=center["sam"]).count() == 1


def test_the_audio_can_be_asked_for_by_its_type(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, content = recorded
    response = api_client(center["sam"]).get(_file(recording), HTTP_ACCEPT="audio/wav")
    assert response.status_code == 200
    assert streamed(response) == content


def test_another_teams_supervisor_gets_404_in_the_api(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    api = api_client(center["tina"])
    assert api.get(f"/api/quality/recordings/{recording.pk}/").status_code == 404
    assert api.get(_file(recording)).status_code == 404
    assert api.get("/api/quality/recordings/").json()["results"] == []


def test_an_agent_gets_404_for_anothers_recording_in_the_api(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    other = RecordingFactory(agent="Agent 1002", agent_ref=center["anna"], path=recorded[0].path)
    api = api_client(center["agent_user"])
    assert api.get(_file(other)).status_code == 404
    assert [row["id"] for row in api.get("/api/quality/recordings/").json()["results"]] == [recorded[0].pk]


def test_a_flagged_recording_has_no_file_url(
    center: dict[str, Any], logged_call: Callable[..., LoggedCall]
) -> None:
    recording = logged_call(seconds=None).recording
    assert recording is not None
    row = api_client(center["sam"]).get(f"/api/quality/recordings/{recording.pk}/").json()
    assert (row["status"], row["file_url"]) == ("missing", None)


def test_a_form_is_built_through_the_api(center: dict[str, Any]) -> None:
    api = api_client(center["sam"])
    form = api.post(
        "/api/quality/forms/", {"name": "Billing", "description": "", "active": True}, format="json"
    )
    section = api.post(
        "/api/quality/sections/", {"form": form.json()["id"], "title": "Identify"}, format="json"
    )
    question = api.post(
        "/api/quality/questions/",
        {
            "section": section.json()["id"],
            "text": "Checked the account?",
            "kind": "yesno",
            "weight": 2,
            "fatal": True,
        },
        format="json",
    )
    assert question.status_code == 201
    detail = api.get(f"/api/quality/forms/{form.json()['id']}/").json()
    assert detail["sections"][0]["questions"][0]["text"] == "Checked the account?"


def test_a_question_weight_out_of_range_is_refused(center: dict[str, Any], qa_form: EvaluationForm) -> None:
    section = qa_form.sections.first()
    assert section is not None
    response = api_client(center["sam"]).post(
        "/api/quality/questions/", {"section": section.pk, "text": "x", "weight": 0}, format="json"
    )
    assert response.status_code == 400 and "weight" in response.json()


def test_an_agent_cannot_read_or_write_forms(center: dict[str, Any], qa_form: EvaluationForm) -> None:
    api = api_client(center["agent_user"])
    assert api.get("/api/quality/forms/").status_code == 403
    assert api.post("/api/quality/forms/", {"name": "Mine"}, format="json").status_code == 403


def test_an_answered_question_cannot_be_deleted_409(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    actions.save_evaluation(center["sam"], opened, {ids["Greeted"]: 1})
    assert api_client(center["sam"]).delete(f"/api/quality/questions/{ids['Greeted']}/").status_code == 409
    assert Question.objects.filter(pk=ids["Greeted"]).exists()


def test_an_evaluation_runs_through_the_api(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    api = api_client(center["sam"])
    created = api.post(
        "/api/quality/evaluations/", {"recording": recorded[0].pk, "form": qa_form.pk}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    answers = [{"question": ids["Greeted"], "value": 1}, {"question": ids["Solved"], "value": 2}]
    saved = api.patch(f"/api/quality/evaluations/{pk}/", {"answers": answers, "comment": "ok"}, format="json")
    assert (saved.status_code, saved.json()["score"], saved.json()["status"]) == (200, "55.00", "open")
    refused = api.post(f"/api/quality/evaluations/{pk}/close/", {}, format="json")
    assert refused.status_code == 400  # "Polite" is not answered yet
    closed = api.post(
        f"/api/quality/evaluations/{pk}/close/",
        {"answers": [{"question": ids["Polite"], "value": 0}]},
        format="json",
    )
    assert (closed.json()["status"], closed.json()["score"], closed.json()["fatal_failed"]) == (
        "closed",
        "0.00",
        True,
    )
    assert api.patch(f"/api/quality/evaluations/{pk}/", {"comment": "late"}, format="json").status_code == 409
    assert api.delete(f"/api/quality/evaluations/{pk}/").status_code == 409


def test_another_teams_supervisor_cannot_evaluate_in_the_api(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    response = api_client(center["tina"]).post(
        "/api/quality/evaluations/", {"recording": recorded[0].pk, "form": qa_form.pk}, format="json"
    )
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_an_agent_reads_only_their_closed_evaluations_in_the_api(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    evaluation = actions.start_evaluation(center["sam"], recorded[0], qa_form)
    api = api_client(center["agent_user"])
    assert api.get("/api/quality/evaluations/").json()["results"] == []
    close_with_full_marks(center["sam"], evaluation, qa_form)
    rows = api.get("/api/quality/evaluations/").json()["results"]
    assert [(row["id"], row["score"]) for row in rows] == [(evaluation.pk, "100.00")]
    assert api.post(f"/api/quality/evaluations/{evaluation.pk}/close/", {}, format="json").status_code == 403


def test_an_unknown_question_in_the_answers_is_a_400(center: dict[str, Any], opened: Evaluation) -> None:
    response = api_client(center["sam"]).patch(
        f"/api/quality/evaluations/{opened.pk}/",
        {"answers": [{"question": 999999, "value": 1}]},
        format="json",
    )
    assert response.status_code == 400
    assert opened.answers.count() == 0


def test_only_an_administrator_sets_retention(center: dict[str, Any], admin_user: User) -> None:
    support = QueueFactory(name="support")
    assert (
        api_client(center["sam"])
        .post("/api/quality/retention/", {"queue": support.pk, "days": 7})
        .status_code
        == 403
    )
    created = api_client(admin_user).post(
        "/api/quality/retention/", {"queue": support.pk, "days": 7}, format="json"
    )
    assert created.status_code == 201 and RetentionRule.objects.get().days == 7
    assert AuditEntry.objects.filter(action="create", object_type="quality.retentionrule").exists()


def test_retention_days_out_of_range_are_refused(admin_user: User) -> None:
    support = QueueFactory(name="support")
    response = api_client(admin_user).post(
        "/api/quality/retention/", {"queue": support.pk, "days": 0}, format="json"
    )
    assert response.status_code == 400


def test_the_agents_qa_figures_are_in_the_api(
    center: dict[str, Any],
    recorded: tuple[Recording, bytes],
    qa_form: EvaluationForm,
    manager_user: User,
) -> None:
    evaluation = actions.start_evaluation(center["sam"], recorded[0], qa_form)
    close_with_full_marks(center["sam"], evaluation, qa_form)
    figures = (
        api_client(manager_user)
        .get("/api/quality/agent-scores/", {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"})
        .json()
    )
    assert figures == {"agents": {"Agent 1001": {"count": 1, "avg": 100.0}}}


def test_api_errors_speak_russian(center: dict[str, Any], opened: Evaluation) -> None:
    response = api_client(center["sam"]).post(
        f"/api/quality/evaluations/{opened.pk}/close/", {}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "Перед закрытием ответьте на каждый вопрос" in response.json()["non_field_errors"][0]
