"""A supervisor in Debian's chromium: searches the recordings, plays one (seeking by byte ranges), scores it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from callcenter.audit.models import AuditEntry
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm
from tests.harness.browser import signed_in_page
from tests.quality.conftest import LoggedCall, questions

# The player starts without a click on the page.
AUTOPLAY = "--autoplay-policy=no-user-gesture-required"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def test_search_play_and_evaluate(
    live_server: Any, center: dict[str, Any], logged_call: Callable[..., LoggedCall], qa_form: EvaluationForm
) -> None:
    wanted = logged_call(agent="Agent 1001", caller="79165550101", seconds=3.0).recording
    assert wanted is not None
    logged_call(agent="Agent 1002", caller="79165550202")
    ids = questions(qa_form)
    with signed_in_page(live_server.url, center["sam"].username, AUTOPLAY) as page:
        page.goto(f"{live_server.url}/quality/recordings/")
        page.fill("#recording-search input[name=caller]", "5550101")
        page.click("#recording-search button[type=submit]")
        page.wait_for_selector(f"tr[data-recording='{wanted.pk}']")
        assert page.locator("#recordings tbody tr").count() == 1
        page.click(f"tr[data-recording='{wanted.pk}'] a")

        # The player loads the WAV, plays, and seeks (a range request the server answers with 206).
        page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=15000)
        assert abs(page.evaluate("document.getElementById('player').duration") - 3.0) < 0.1
        page.evaluate(
            """() => new Promise((done, fail) => {
                const player = document.getElementById('player');
                player.addEventListener('seeked', () => done(), {once: true});
                player.addEventListener('error', () => fail(player.error), {once: true});
                player.currentTime = 2.5;
            })"""
        )
        page.evaluate("document.getElementById('player').play()")
        page.wait_for_function("document.getElementById('player').currentTime > 2.5", timeout=15000)

        page.select_option("#start-evaluation select[name=form]", str(qa_form.pk))
        page.click("#start-evaluation button[type=submit]")
        page.wait_for_selector("#evaluation-form")
        page.select_option(f"select[name=q{ids['Greeted']}]", "1")
        page.select_option(f"select[name=q{ids['Solved']}]", "4")
        page.select_option(f"select[name=q{ids['Polite']}]", "1")
        page.fill("#evaluation-form textarea[name=comment]", "Кратко и вежливо.")
        page.click("#close-evaluation")
        page.wait_for_selector("#evaluation[data-status=closed]")
        assert page.inner_text("#score") == "88.00"
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.comment, evaluation.recording_id) == (
        "closed",
        "Кратко и вежливо.",
        wanted.pk,
    )
    assert AuditEntry.objects.filter(
        action=actions.PLAY, actor=center["sam"], object_id=str(wanted.pk)
    ).exists()
