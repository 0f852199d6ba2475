"""The recordings pages: search, the player, the audio by byte ranges (seeking), who may listen, the audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, FormSection, Question, Recording
from tests.harness.personas import web_client
from tests.quality.conftest import T0, LoggedCall, close_with_full_marks, questions, streamed
from tests.quality.factories import RecordingFactory

pytestmark = pytest.mark.django_db


def _file(recording: Recording) -> str:
    return reverse("quality:file", args=[recording.pk])


def test_the_player_page_plays_the_file(center: dict[str, Any], recorded: tuple[Recording, bytes]) -> None:
    recording, _content = recorded
    page = web_client(center["sam"]).get(reverse("quality:recording", args=[recording.pk]))
    assert page.status_code == 200
    assert f'src="{_file(recording)}"' in page.content.decode()


def test_the_whole_file_says_it_accepts_ranges(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, content = recorded
    response = web_client(center["sam"]).get(_file(recording))
    assert (response.status_code, response["Accept-Ranges"], response["Content-Type"]) == (
        200,
        "bytes",
        "audio/wav",
    )
    assert streamed(response) == content
    assert response["Content-Length"] == str(len(content))


@pytest.mark.parametrize(
    ("headers", "status", "part", "content_range"),
    [
        ({"Range": "bytes=1000-1999"}, 206, slice(1000, 2000), lambda size: f"bytes 1000-1999/{size}"),
        (
            {"Range": "bytes=-100"},
            206,
            slice(-100, None),
            lambda size: f"bytes {size - 100}-{size - 1}/{size}",
        ),
        ({"Range": "bytes=0-9", "If-Range": '"old"'}, 200, slice(None), lambda size: None),
    ],
    ids=["a-range", "the-last-bytes", "an-if-range-of-another-version-gets-the-whole-file"],
)
def test_the_player_gets_the_bytes_it_asks_for(
    center: dict[str, Any],
    recorded: tuple[Recording, bytes],
    headers: dict[str, str],
    status: int,
    part: slice,
    content_range: Callable[[int], str | None],
) -> None:
    recording, content = recorded
    response = web_client(center["sam"]).get(_file(recording), headers=headers)
    assert (response.status_code, response.get("Content-Range")) == (status, content_range(len(content)))
    assert streamed(response) == content[part]


def test_a_range_past_the_end_gets_416(center: dict[str, Any], recorded: tuple[Recording, bytes]) -> None:
    recording, content = recorded
    response = web_client(center["sam"]).get(_file(recording), HTTP_RANGE=f"bytes={len(content)}-")
    assert (response.status_code, response["Content-Range"]) == (416, f"bytes */{len(content)}")


def test_a_download_is_an_attachment_and_audited(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    response = web_client(center["sam"]).get(_file(recording) + "?download=1")
    assert response["Content-Disposition"] == f'attachment; filename="support-{recording.callid}.wav"'
    entry = AuditEntry.objects.get(action=actions.DOWNLOAD)
    assert (entry.actor, entry.object_id, entry.changes["callid"]) == (
        center["sam"],
        str(recording.pk),
        recording.callid,
    )


def test_the_requests_of_one_play_make_one_audit_entry(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    client = web_client(center["sam"])
    client.get(_file(recording), HTTP_RANGE="bytes=0-")
    client.get(_file(recording), HTTP_RANGE="bytes=5000-")  # seeking
    entries = AuditEntry.objects.filter(action=actions.PLAY)
    assert [(entry.actor, entry.object_id) for entry in entries] == [(center["sam"], str(recording.pk))]


def test_each_play_is_audited_once_the_window_is_over(
    center: dict[str, Any], recorded: tuple[Recording, bytes], settings: Settings
) -> None:
    settings.RECORDING_AUDIT_WINDOW_S = 0
    recording, _content = recorded
    client = web_client(center["sam"])
    client.get(_file(recording))
    client.get(_file(recording))
    assert AuditEntry.objects.filter(action=actions.PLAY).count() == 2


def test_a_supervisor_of_another_team_gets_404(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    client = web_client(center["tina"])
    assert client.get(reverse("quality:recording", args=[recording.pk])).status_code == 404
    assert client.get(_file(recording)).status_code == 404
    assert not AuditEntry.objects.filter(action=actions.PLAY).exists()


def test_an_agent_hears_their_own_recording(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    recording, _content = recorded
    assert web_client(center["agent_user"]).get(_file(recording)).status_code == 200


def test_an_agent_gets_404_for_someone_elses_recording(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    other = RecordingFactory(agent="Agent 1002", agent_ref=center["anna"], path=recorded[0].path)
    client = web_client(center["agent_user"])
    assert client.get(reverse("quality:recording", args=[other.pk])).status_code == 404
    assert client.get(_file(other)).status_code == 404


def test_a_manager_gets_404(
    center: dict[str, Any], recorded: tuple[Recording, bytes], manager_user: User
) -> None:
    assert web_client(manager_user).get(_file(recorded[0])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(recorded: tuple[Recording, bytes]) -> None:
    assert Client().get(_file(recorded[0])).status_code == 302


def test_a_flagged_recording_is_not_played(
    center: dict[str, Any], logged_call: Callable[..., LoggedCall]
) -> None:
    recording = logged_call(seconds=None).recording
    assert recording is not None
    client = web_client(center["sam"])
    assert client.get(_file(recording)).status_code == 404
    assert (
        'id="not-playable"' in client.get(reverse("quality:recording", args=[recording.pk])).content.decode()
    )


def test_search_finds_by_caller_agent_outcome_survey_and_duration(
    center: dict[str, Any], logged_call: Callable[..., LoggedCall]
) -> None:
    wanted = logged_call(agent="Agent 1001", caller="79160000007", survey=5, talk=90).recording
    assert wanted is not None
    logged_call(agent="Agent 1002", caller="79160000008", survey=2, talk=30)
    client = web_client(center["sam"])
    query = {
        "caller": "0000007",
        "agent": "Agent 1001",
        "outcome": "answered",
        "survey_min": "4",
        "duration_min": "1",
        "date_from": "2026-11-23",
        "date_to": "2026-11-23",
        "tz": "UTC",
    }
    page = client.get(reverse("quality:recordings"), query)
    assert [rec.pk for rec in page.context["page"]] == [wanted.pk]


def test_a_bad_search_is_a_400_that_finds_nothing(
    center: dict[str, Any], recorded: tuple[Recording, bytes]
) -> None:
    page = web_client(center["sam"]).get(
        reverse("quality:recordings"), {"survey_min": "9", "caller": "abc\x00"}
    )
    assert page.status_code == 400
    assert list(page.context["page"]) == []


def test_the_answered_calls_report_links_to_the_player(
    center: dict[str, Any], recorded: tuple[Recording, bytes], settings: Settings
) -> None:
    recording, _content = recorded
    page = web_client(center["sam"]).get(
        reverse("stats:calls", args=["answered"]),
        {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"},
    )
    assert f'href="{reverse("quality:recording", args=[recording.pk])}" data-listen' in page.content.decode()
    assert recording.path not in page.content.decode()


def test_the_report_shows_no_link_to_who_may_not_listen(
    recorded: tuple[Recording, bytes], manager_user: User
) -> None:
    page = web_client(manager_user).get(
        reverse("stats:calls", args=["answered"]),
        {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"},
    )
    assert "data-listen" not in page.content.decode()


def test_a_supervisor_evaluates_on_the_player_page(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    recording, _content = recorded
    ids = questions(qa_form)
    client = web_client(center["sam"])
    started = client.post(reverse("quality:start_evaluation", args=[recording.pk]), {"form": qa_form.pk})
    evaluation = Evaluation.objects.get()
    assert started.status_code == 302 and f"evaluation={evaluation.pk}" in started["Location"]
    answers = {f"q{ids['Greeted']}": "1", f"q{ids['Solved']}": "4", f"q{ids['Polite']}": "1"}
    client.post(
        reverse("quality:save_evaluation", args=[evaluation.pk]),
        {**answers, "comment": "Clear and kind.", "action": "close"},
    )
    evaluation.refresh_from_db()
    # (1 + 3 * 4/5 + 1) / 5 = 88 %
    assert (evaluation.status, str(evaluation.score), evaluation.comment) == (
        "closed",
        "88.00",
        "Clear and kind.",
    )


def test_an_agent_sees_their_closed_evaluation(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    recording, _content = recorded
    evaluation = actions.start_evaluation(center["sam"], recording, qa_form)
    close_with_full_marks(center["sam"], evaluation, qa_form, "Well done")
    client = web_client(center["agent_user"])
    listed = client.get(reverse("quality:evaluations"))
    assert [e.pk for e in listed.context["page"]] == [evaluation.pk]
    detail = client.get(reverse("quality:evaluation", args=[evaluation.pk])).content.decode()
    assert "Well done" in detail and "100.00" in detail


def test_an_agent_cannot_post_an_evaluation(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    response = web_client(center["agent_user"]).post(
        reverse("quality:start_evaluation", args=[recorded[0].pk]), {"form": qa_form.pk}
    )
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_a_supervisor_builds_a_form(center: dict[str, Any]) -> None:
    client = web_client(center["sam"])
    created = client.post(
        reverse("quality:forms"), {"name": "Sales calls", "description": "", "active": "on"}
    )
    form_url = created["Location"]
    client.post(form_url, {"action": "section", "title": "Opening", "position": "1"})
    section = FormSection.objects.get()
    client.post(
        form_url,
        {
            "action": "question",
            "section": section.pk,
            "text": "Offered the upgrade?",
            "kind": "yesno",
            "weight": "2",
            "fatal": "",
            "position": "1",
        },
    )
    question = Question.objects.get()
    assert (question.text, question.weight, question.section.form.name) == (
        "Offered the upgrade?",
        2,
        "Sales calls",
    )


def test_an_answered_question_cannot_be_deleted(
    center: dict[str, Any], opened: Evaluation, qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    actions.save_evaluation(center["sam"], opened, {ids["Greeted"]: 1})
    response = web_client(center["sam"]).post(
        reverse("quality:form", args=[qa_form.pk]),
        {"action": "delete_question", "id": ids["Greeted"]},
        follow=True,
    )
    assert "cannot be deleted" in response.content.decode()
    assert Question.objects.filter(pk=ids["Greeted"]).exists()


def test_the_agent_report_shows_qa_count_and_average(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    ids = questions(qa_form)
    evaluation = actions.start_evaluation(center["sam"], recorded[0], qa_form)
    actions.save_evaluation(
        center["sam"], evaluation, {ids["Greeted"]: 1, ids["Solved"]: 0, ids["Polite"]: 1}, close=True
    )
    page = web_client(center["sam"]).get(
        reverse("stats:agents"), {"date_from": "2026-11-23", "date_to": "2026-11-23", "tz": "UTC"}
    )
    assert page.context["agents"]["Agent 1001"]["qa"] == {"count": 1, "avg": 40.0}
    assert "QA average %" in page.content.decode()


def test_started_at_is_the_calls_connect_time(recorded: tuple[Recording, bytes]) -> None:
    assert int(recorded[0].started_at.timestamp()) == T0 + 5


def test_the_pages_speak_russian(
    center: dict[str, Any], recorded: tuple[Recording, bytes], qa_form: EvaluationForm
) -> None:
    client = web_client(center["sam"])
    listing = client.get(reverse("quality:recordings"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    player = client.get(reverse("quality:recording", args=[recorded[0].pk]), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Записи" in listing and "Длительность (с)" in listing  # noqa: RUF001
    assert "Начать оценку" in player.content.decode()
