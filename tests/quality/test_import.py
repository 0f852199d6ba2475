"""Recordings are tied to their calls from the RECORDING lines the loader stored, and their files checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from callcenter.quality import actions
from callcenter.quality.models import Recording
from tests.factories import AgentFactory, QueueFactory
from tests.quality.conftest import T0, LoggedCall, write_wav

pytestmark = pytest.mark.django_db


def test_a_recording_carries_its_call(logged_call: Callable[..., LoggedCall]) -> None:
    support = QueueFactory(name="support")
    agent = AgentFactory(extension="1001", member_name="Agent 1001")
    call = logged_call(caller="79161110042", talk=75, seconds=3.0)
    recording = Recording.objects.get()
    assert (recording.server, recording.callid, recording.queue) == ("pbx1", call.callid, "support")
    assert (recording.agent, recording.agent_ref, recording.queue_ref) == ("Agent 1001", agent, support)
    assert recording.caller == "79161110042"
    assert recording.started_at == dt.datetime.fromtimestamp(T0 + 5, dt.UTC)  # bridged at CONNECT
    assert recording.path == str(call.path)
    assert (recording.format, recording.size, recording.status) == ("wav", call.path.stat().st_size, "ok")
    assert recording.duration_s == 3  # from the WAV header, not the talk time


def test_importing_again_adds_nothing(logged_call: Callable[..., LoggedCall]) -> None:
    logged_call()
    assert actions.import_recordings().imported == 0
    assert Recording.objects.count() == 1


def test_each_recorded_call_gets_its_own_row(logged_call: Callable[..., LoggedCall]) -> None:
    first, second = logged_call(), logged_call(start=T0 + 600)
    assert set(Recording.objects.values_list("callid", flat=True)) == {first.callid, second.callid}


def test_a_missing_file_is_flagged(logged_call: Callable[..., LoggedCall]) -> None:
    call = logged_call(seconds=None)
    assert call.recording is not None
    assert (call.recording.status, call.recording.playable) == ("missing", False)
    assert call.recording.duration_s == 60  # the call's talk time stands in


def test_an_empty_file_is_flagged(logged_call: Callable[..., LoggedCall]) -> None:
    recording = logged_call(empty=True).recording
    assert recording is not None
    assert recording.status == "empty"


def test_a_file_outside_the_nodes_directory_is_flagged(
    logged_call: Callable[..., LoggedCall], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere" / "x.wav"
    write_wav(elsewhere, 1.0)
    recording = logged_call(path=elsewhere).recording
    assert recording is not None
    assert recording.status == "outside"


def test_the_nightly_check_flags_a_file_that_went_away(logged_call: Callable[..., LoggedCall]) -> None:
    call = logged_call()
    call.path.unlink()
    result = actions.check_recordings(everything=True)
    assert result.flagged == {"missing": 1}
    assert Recording.objects.get().status == "missing"


def test_the_frequent_check_looks_again_at_the_last_days_recordings(
    logged_call: Callable[..., LoggedCall],
) -> None:
    call = logged_call()
    call.path.unlink()
    soon = dt.datetime.fromtimestamp(T0 + 3600, dt.UTC)
    assert actions.check_recordings(now=soon).flagged == {"missing": 1}
    assert actions.check_recordings(now=soon + dt.timedelta(days=2)).checked == 1  # flagged ones stay checked


def test_the_check_finds_a_file_that_came_late(logged_call: Callable[..., LoggedCall]) -> None:
    call = logged_call(seconds=None)
    write_wav(call.path, 4.0)
    actions.check_recordings()
    recording = Recording.objects.get()
    assert (recording.status, recording.duration_s) == ("ok", 4)
