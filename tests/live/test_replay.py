"""Every recorded scenario replayed through the reducer, checked by hand against the .ami and queue_log."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from callcenter.live.replay import replay_file
from tests.harness.recordings import QUEUE_SCENARIOS, transcript_bytes, transcript_path


def _agent(name: str, queues: list[str], answered: int = 0, state: str = "idle") -> dict[str, Any]:
    return {"name": name, "state": state, "queues": queues, "pause_reason": None, "answered": answered}


def _call(
    callid: str,
    queue: str,
    caller: str,
    outcome: str,
    wait_s: float,
    agent: str | None = None,
    talk_s: float | None = None,
    ended_by: str | None = None,
) -> dict[str, Any]:
    """One call of the replay summary; none of the recordings' queue calls was transferred."""
    return {
        "callid": callid,
        "queue": queue,
        "caller": caller,
        "agent": agent,
        "outcome": outcome,
        "wait_s": wait_s,
        "talk_s": talk_s,
        "transferred_to": None,
        "ended_by": ended_by,
    }


def test_s01_one_call_answered_by_agent_1001_ended_by_caller(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s01_inbound"))
    assert result == {
        "events": 150,
        "malformed": 0,
        "calls": [_call("1795355838.1", "support", "5550001", "answered", 0.0, "Agent 1001", 4.0, "caller")],
        "agents": {"Local/1001@agents/n": _agent("Agent 1001", ["support"], answered=1)},
        "queues": {"support": {"waiting": 0, "answered": 1, "abandoned": 0}},
    }


def test_s02_abandoned_after_3_seconds(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s02_abandon"))
    assert result["events"] == 79
    assert result["calls"] == [_call("1795355843.5", "sales", "5550002", "abandoned", 3.0)]
    # Both members were unpaused at the end of the recording.
    assert result["agents"] == {
        "Local/1201@agents/n": _agent("Agent 1201", ["sales"]),
        "Local/1202@agents/n": _agent("Agent 1202", ["sales"]),
    }
    assert result["queues"] == {"sales": {"waiting": 0, "answered": 0, "abandoned": 1}}


def test_s03_ring_no_answer_then_1003_answers_and_ends_the_call(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s03_ringnoanswer"))
    assert result["events"] == 183
    assert result["calls"] == [
        _call("1795355848.7", "ringtest", "5550003", "answered", 5.0, "Agent 1003", 3.0, "agent")
    ]
    assert result["agents"] == {
        "Local/1003@agents/n": _agent("Agent 1003", ["ringtest"], answered=1),
        "Local/2001@agents-noanswer/n": _agent("Agent 2001 (no answer)", ["ringtest"]),
    }
    assert result["queues"] == {"ringtest": {"waiting": 0, "answered": 1, "abandoned": 0}}


def test_s04_pauses_and_a_dynamic_member_added_then_removed(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s04_pause_dynamic"))
    assert result == {
        "events": 14,
        "malformed": 0,
        "calls": [],
        "agents": {
            "Local/1001@agents/n": _agent("Agent 1001", ["support"]),
            "Local/1002@agents/n": _agent("Agent 1002", ["support"]),
        },
        "queues": {"support": {"waiting": 0, "answered": 0, "abandoned": 0}},
    }


def test_s05_two_answered_and_one_abandoned(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s05_status_snapshot"))
    assert result["events"] == 450
    assert [
        (c["callid"], c["agent"], c["outcome"], c["wait_s"], c["talk_s"], c["ended_by"])
        for c in result["calls"]
    ] == [
        ("1795355863.13", "Agent 1002", "answered", 0.0, 10.0, "caller"),
        ("1795355863.17", "Agent 1001", "answered", 0.0, 10.0, "caller"),
        ("1795355864.21", None, "abandoned", 6.0, None, None),
    ]
    assert [c["caller"] for c in result["calls"]] == ["5550051", "5550052", "5550053"]
    assert result["queues"]["support"] == {"waiting": 0, "answered": 2, "abandoned": 1}
    # The QueueStatus output in the recording lists every member of every queue.
    assert sorted(result["queues"]) == ["burst", "ringtest", "sales", "support", "xfer"]
    assert result["agents"]["Local/1001@agents/n"]["answered"] == 1
    assert result["agents"]["Local/1002@agents/n"]["answered"] == 1
    assert len(result["agents"]) == 12
    assert {a["state"] for a in result["agents"].values()} == {"idle"}


def test_s06_call_under_chanspy_is_one_answered_call(asterisk_fixtures: Path) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, "s06_spy"))
    assert [(c["callid"], c["agent"], c["outcome"], c["talk_s"], c["ended_by"]) for c in result["calls"]] == [
        ("1795355875.23", "Agent 1002", "answered", 25.0, "caller")
    ]


@pytest.mark.parametrize("scenario", ["s00_session", "s07_outbound", "s09_reload", "s10_errors"])
def test_scenarios_without_queue_calls_have_no_calls(asterisk_fixtures: Path, scenario: str) -> None:
    summary = json.loads((asterisk_fixtures / "summary.json").read_text())[scenario]
    result = replay_file(transcript_path(asterisk_fixtures, scenario))
    assert result["calls"] == []
    assert result["events"] == summary["events"]
    assert result["malformed"] == 0


@pytest.mark.parametrize(
    "scenario", ["s10_login_failure_client", "s10_malformed_client", "s10_unknown_user_client"]
)
def test_client_error_sessions_replay_to_nothing(asterisk_fixtures: Path, scenario: str) -> None:
    result = replay_file(transcript_path(asterisk_fixtures, scenario))
    assert result == {"events": 0, "malformed": 0, "calls": [], "agents": {}, "queues": {}}


def _queue_log_calls(path: Path) -> dict[str, dict[str, Any]]:
    """Per callid: outcome, agent, wait and talk as queue_log records them."""
    calls: dict[str, dict[str, Any]] = {}
    for line in path.read_text().splitlines():
        _, callid, queue, agent, verb, *data = line.split("|")
        if verb == "ENTERQUEUE":
            calls[callid] = {
                "queue": queue,
                "caller": data[1],
                "agent": None,
                "talk_s": None,
                "ended_by": None,
            }
        elif verb == "CONNECT":
            calls[callid].update(outcome="answered", agent=agent, wait_s=float(data[0]))
        elif verb == "ABANDON":
            calls[callid].update(outcome="abandoned", wait_s=float(data[2]))
        elif verb == "EXITWITHTIMEOUT":
            calls[callid].update(outcome="timeout", wait_s=float(data[2]))
        elif verb in ("COMPLETECALLER", "COMPLETEAGENT"):
            calls[callid].update(talk_s=float(data[1]), ended_by=verb[len("COMPLETE") :].lower())
    return calls


@pytest.mark.parametrize("scenario", QUEUE_SCENARIOS)
def test_replay_agrees_call_for_call_with_queue_log(asterisk_fixtures: Path, scenario: str) -> None:
    expected = _queue_log_calls(asterisk_fixtures / "queue_log" / f"{scenario}.queue_log")
    result = replay_file(transcript_path(asterisk_fixtures, scenario))
    got = {
        c["callid"]: {
            k: c[k] for k in ("queue", "caller", "agent", "talk_s", "ended_by", "outcome", "wait_s")
        }
        for c in result["calls"]
    }
    assert got == expected


def test_gzip_transcript_is_accepted(asterisk_fixtures: Path, tmp_path: Path) -> None:
    packed = tmp_path / "s01.ami.gz"
    packed.write_bytes(gzip.compress(transcript_bytes(asterisk_fixtures, "s01_inbound")))
    assert replay_file(packed) == replay_file(transcript_path(asterisk_fixtures, "s01_inbound"))


def test_command_prints_the_json_object(asterisk_fixtures: Path) -> None:
    out = io.StringIO()
    call_command("ami_replay", str(transcript_path(asterisk_fixtures, "s02_abandon")), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"events", "malformed", "calls", "agents", "queues"}
    assert result["calls"][0]["outcome"] == "abandoned"


def test_command_prints_a_readable_summary(asterisk_fixtures: Path) -> None:
    out = io.StringIO()
    call_command("ami_replay", str(transcript_path(asterisk_fixtures, "s03_ringnoanswer")), stdout=out)
    text = out.getvalue()
    assert "call 1795355848.7 queue=ringtest caller=5550003 outcome=answered agent=Agent 1003" in text
    assert "queue ringtest: waiting=0 answered=1 abandoned=0" in text


def test_malformed_frames_are_counted_not_fatal(tmp_path: Path, asterisk_fixtures: Path) -> None:
    raw = transcript_bytes(asterisk_fixtures, "s01_inbound")
    banner, body = raw.split(b"\r\n", 1)
    damaged = tmp_path / "damaged.ami"
    damaged.write_bytes(banner + b"\r\n" + b"no colon here\r\n\r\n" + body)
    result = replay_file(damaged)
    assert result["malformed"] == 1
    assert result["calls"][0]["outcome"] == "answered"
