"""Fixtures of the quality tests: a node with a recordings directory, WAV files, a QA form, loaded calls."""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase

from callcenter.accounts.models import User
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, EvaluationForm, Question, Recording
from callcenter.stats.loader import load_file
from tests.factories import AsteriskServerFactory
from tests.harness.personas import Center
from tests.quality.factories import EvaluationFormFactory, FormSectionFactory, QuestionFactory

# 2026-11-23 09:00:00 UTC, a Monday.
T0 = 1795424400
RATE = 8000


def write_wav(path: Path, seconds: float) -> bytes:
    """A mono 16-bit 8 kHz WAV as Asterisk writes it, with frames that differ byte by byte; its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytes((index * 7 + index // 256) % 256 for index in range(int(seconds * RATE) * 2))
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(RATE)
        audio.writeframes(frames)
    return path.read_bytes()


@pytest.fixture
def node(db: None, tmp_path: Path) -> Any:
    """The node ``pbx1`` whose Asterisk writes recordings under tmp_path/recordings."""
    root = tmp_path / "recordings"
    root.mkdir()
    return AsteriskServerFactory(name="pbx1", recordings_dir=str(root))


@dataclass
class LoggedCall:
    callid: str
    path: Path
    recording: Recording | None


@pytest.fixture
def logged_call(node: Any, tmp_path: Path) -> Callable[..., LoggedCall]:
    """Write one recorded queue call into a queue_log, load it as the loader does, import recordings."""
    log = tmp_path / "queue_log"
    counter = {"n": 0}

    def make(
        *,
        queue: str = "support",
        agent: str = "Agent 1001",
        caller: str = "79161110001",
        talk: int = 60,
        survey: int | None = None,
        seconds: float | None = 2.0,
        start: int = T0,
        empty: bool = False,
        path: Path | None = None,
    ) -> LoggedCall:
        counter["n"] += 1
        callid = f"{start}.{counter['n']}"
        target = path or Path(node.recordings_dir) / queue / "2026/11/23" / f"{queue}-{callid}.wav"
        if empty:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"")
        elif seconds is not None:
            write_wav(target, seconds)
        lines = [
            f"{start}|{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1",
            f"{start + 5}|{callid}|{queue}|{agent}|CONNECT|5|{callid}9|3",
            f"{start + 5 + talk}|{callid}|{queue}|{agent}|COMPLETECALLER|5|{talk}|1",
        ]
        if survey is not None:
            lines.append(f"{start + 6 + talk}|{callid}|{queue}|{agent}|SURVEY|{survey}")
        lines.append(f"{start + 7 + talk}|{callid}|{queue}|{agent}|RECORDING|{target}")
        with log.open("a", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in lines)
        load_file(str(log), "pbx1")
        actions.import_recordings()
        return LoggedCall(callid, target, Recording.objects.filter(callid=callid).first())

    return make


@pytest.fixture
def recorded(center: Center, logged_call: Callable[..., LoggedCall]) -> tuple[Recording, bytes]:
    """Ivan's (team North, supervised by Sam) recorded support call: 45 s of talk, survey score 3 and 2 s of
    audio; the recording and the bytes of its file."""
    call = logged_call(agent="Agent 1001", caller="79161110001", survey=3, talk=45)
    assert call.recording is not None
    return call.recording, call.path.read_bytes()


@pytest.fixture
def recording(recorded: tuple[Recording, bytes]) -> Recording:
    """The recording of Ivan's recorded call."""
    return recorded[0]


@pytest.fixture
def opened(center: Center, recording: Recording, qa_form: EvaluationForm) -> Evaluation:
    """Sam's open evaluation of the recording with the QA form."""
    return actions.start_evaluation(center["sam"], recording, qa_form)


@pytest.fixture
def qa_form(db: None) -> EvaluationForm:
    """Greeting (yes/no, weight 1), Solution (scale 0-5, weight 3), Rudeness check (fatal yes/no, weight 1)."""
    form = EvaluationFormFactory(name="Support calls")
    opening = FormSectionFactory(form=form, title="Opening", position=1)
    closing = FormSectionFactory(form=form, title="Resolution", position=2)
    QuestionFactory(section=opening, text="Greeted the caller by the script?", weight=1, position=1)
    QuestionFactory(
        section=closing, text="Solved the problem", kind=Question.Kind.SCALE, weight=3, position=1
    )
    QuestionFactory(section=closing, text="Polite all along?", weight=1, fatal=True, position=2)
    return form


def questions(form: EvaluationForm) -> dict[str, int]:
    """Question id by the first word of its text."""
    return {question.text.split()[0]: question.pk for question in actions.questions_of(form)}


def full_marks(form: EvaluationForm) -> dict[int, int | None]:
    """Answers to every question of the QA form that score 100 %."""
    ids = questions(form)
    return {ids["Greeted"]: 1, ids["Solved"]: 5, ids["Polite"]: 1}


def close_with_full_marks(
    user: User, evaluation: Evaluation, form: EvaluationForm, comment: str | None = None
) -> Evaluation:
    """``user`` answers every question of ``evaluation`` in full and closes it."""
    return actions.save_evaluation(user, evaluation, full_marks(form), comment=comment, close=True)


def streamed(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed (file) response."""
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(cast(Iterator[bytes], response.streaming_content))
