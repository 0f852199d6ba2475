"""An answered call: trunk -> IVR -> queue -> agent phone, recorded, with a DTMF survey after it."""

from __future__ import annotations

import wave

from tests.asterisk.conftest import (
    Center,
    agent_phone,
    assert_live_equals_asterisk,
    call_support,
    live_snapshot,
    talk,
    wait_idle,
    wait_log,
)
from tests.asterisk.node import wait_until


def test_an_ivr_call_is_answered_recorded_and_scored(center: Center) -> None:
    caller, since, enter = call_support(center, "79161110001")
    assert enter.data[1] == "79161110001"  # the caller's number, from the trunk
    connect = wait_log(center, "CONNECT", callid=enter.callid)
    agent = agent_phone(center, connect.agent)

    # While they talk, the board shows the call with that agent, as Asterisk does.
    assert_live_equals_asterisk(center)
    snapshot = live_snapshot(center)
    assert snapshot is not None
    call = snapshot["calls"][enter.callid]
    assert (call["outcome"], call["agent"]) == ("answered", connect.agent)

    talk(center, enter.callid, 3)
    # The agent ends the call; the caller stays for the survey (Queue option c) and presses 4.
    agent.hangup()
    complete = wait_log(center, "COMPLETEAGENT", callid=enter.callid)
    wait_until(lambda: _in_survey(center), 10, "the caller to reach the survey")
    caller.dtmf("4")
    survey = wait_log(center, "SURVEY", callid=enter.callid)
    assert (survey.agent, survey.data[0]) == (connect.agent, "4")
    caller.wait_disconnected(since)
    wait_idle(center)
    center.driven.answer("support", connect.agent)
    center.driven.surveys.append((connect.agent, 4))

    # The recording: the caller's UNIQUEID (the queue_log callid) names a WAV file in the node's directory.
    files = list(center.node.recordings.rglob(f"support-{enter.callid}.wav"))
    assert len(files) == 1, list(center.node.recordings.rglob("*"))
    with wave.open(str(files[0])) as recording:
        seconds = recording.getnframes() / recording.getframerate()
    talk_s = int(complete.data[1])
    assert seconds >= max(0.5, talk_s - 1), (seconds, talk_s)
    assert_live_equals_asterisk(center)


def _in_survey(center: Center) -> bool:
    return "cc-survey" in center.node.cli("core show channels concise")
