"""The committed reference (tests/asterisk/reference/) is still what this real Asterisk does, call by call.

The simulator's parity test (tests/simulator/test_parity.py) compares the simulator with these files; this
test keeps them the truth about the real PBX. After a deliberate change to a scenario, rewrite them from the
run: ``python -m tests.asterisk.recorder write-reference``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.asterisk.recorder import REFERENCE, Recorder, load_reference

# Scenarios in which the agent's own phone places calls (feature codes): its device goes in use and back
# while app_queue changes the membership, and how many of those device states reach QueueMemberStatus
# depends on thread timing inside Asterisk. Their memberships are compared without device states (the
# QueueMemberStatus events and the Status of the added and removed events);
# the added/removed events and every queue_log line still are.
# The same holds where a member's phone rings and answers at once (auto-answer): whether its ringing state
# reaches app_queue's members before the in-use one depends on the same timing.
DEVICE_STATE_RACES = {
    "test_50_agent_day.test_a_dynamic_agent_logs_in_and_out_by_feature_code",
    "test_40_apply.test_a_member_who_does_not_answer_is_passed_over_for_the_next",
}


def _comparable(scenario: str, record: dict[str, Any]) -> dict[str, Any]:
    if scenario not in DEVICE_STATE_RACES:
        return record
    members = {
        key: [
            [state[0], {name: value for name, value in state[1].items() if name != "Status"}]
            for state in history
            if state[0] != "QueueMemberStatus"
        ]
        for key, history in record.get("members", {}).items()
    }
    return {**record, "members": {key: history for key, history in members.items() if history}}


def _references() -> list[str]:
    return sorted(json.loads(path.read_text())["scenario"] for path in REFERENCE.glob("*.json"))


@pytest.mark.parametrize("scenario", _references())
def test_the_real_run_matches_the_committed_reference(ami_recording: Recorder, scenario: str) -> None:
    record = ami_recording.record(scenario)
    assert record is not None, f"{scenario} did not run in this session (with -k, add: and not reference)"
    assert _comparable(scenario, {"scenario": scenario, **record}) == _comparable(
        scenario, load_reference(scenario)
    )
