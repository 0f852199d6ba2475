"""The recorded scenarios, replayed against the simulator over TCP, compared with the recordings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.harness.recordings import QUEUE_SCENARIOS
from tests.simulator.amiclient import Frame, header, kind, load_transcript
from tests.simulator.fidelity import (
    QUEUE_EVENTS,
    counts,
    kinds,
    masked,
    per_channel,
    queue_sequence,
    recorded_header_sets,
    without,
)
from tests.simulator.replay import replay, replay_beside_recording

NOT_MODELLED = {"VarSet"}
# The scenarios the recording PBX ran, in order, before s06.
HISTORY = QUEUE_SCENARIOS[: QUEUE_SCENARIOS.index("s06_spy")]


async def _history(sim: Simulator, fixtures: Path, scenarios: tuple[str, ...]) -> None:
    """Replay the scenarios the recording PBX ran before, so queue cursors and cached states match."""
    for scenario in scenarios:
        await replay(sim, fixtures, scenario)


async def test_s01_inbound_has_the_recorded_events_per_channel_and_in_total(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s01_inbound")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    assert queue_sequence(frames) == queue_sequence(recorded)


@pytest.mark.parametrize("scenario", ["s02_abandon", "s03_ringnoanswer", "s07_outbound"])
async def test_with_varset_every_channel_has_the_recorded_events(
    sim_varset: Simulator, asterisk_fixtures: Path, scenario: str
) -> None:
    frames, recorded = await replay_beside_recording(sim_varset, asterisk_fixtures, scenario)
    assert counts(frames) == counts(recorded)
    assert per_channel(frames) == per_channel(recorded)


async def test_s01_with_varset_has_the_recorded_varsets(asterisk_fixtures: Path, tmp_path: Path) -> None:
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=ManualClock(1_795_355_835.0), varset=True, seed=1
    )
    await simulator.start()
    try:
        frames = await replay(simulator, asterisk_fixtures, "s01_inbound")
    finally:
        await simulator.stop()
    recorded = load_transcript(asterisk_fixtures, "s01_inbound")
    assert counts(frames)["VarSet"] == 81
    assert per_channel(frames) == per_channel(recorded)


async def test_s02_abandon_reproduces_the_recorded_event_sequence_exactly(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s02_abandon")
    assert kinds(without(frames, NOT_MODELLED)) == kinds(without(recorded, NOT_MODELLED))


async def test_s03_ring_no_answer_then_next_linear_member(sim: Simulator, asterisk_fixtures: Path) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s03_ringnoanswer")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    assert queue_sequence(frames) == queue_sequence(recorded)
    ring_no_answer = next(frame for frame in frames if kind(frame) == "AgentRingNoAnswer")
    assert header(ring_no_answer, "RingTime") == "4000"


async def test_s04_pause_and_dynamic_members_reproduce_exactly(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s04_pause_dynamic")
    assert kinds(frames) == kinds(recorded)
    messages = [header(frame, "Message") for frame in frames if header(frame, "Response")]
    assert messages == [header(frame, "Message") for frame in recorded if header(frame, "Response")]


async def test_s06_spy_after_the_recorded_history(sim: Simulator, asterisk_fixtures: Path) -> None:
    await _history(sim, asterisk_fixtures, HISTORY)
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s06_spy")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    starts = [frame for frame in frames if kind(frame) == "ChanSpyStart"]
    assert [header(frame, "SpyeeChannel").split("-")[0] for frame in starts] == ["Local/1002@agents"] * 3
    assert all(header(frame, "SpyeeChannel").endswith(";2") for frame in starts)


async def test_s07_outbound_reasons_and_completion_order(sim: Simulator, asterisk_fixtures: Path) -> None:
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s07_outbound")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))

    def outcomes(source: list[Frame]) -> dict[str, tuple[str, str, str]]:
        return {
            header(frame, "ActionID"): (
                header(frame, "Response"),
                header(frame, "Reason"),
                header(frame, "Uniqueid")[:9],
            )
            for frame in source
            if kind(frame) == "OriginateResponse"
        }

    ours, theirs = outcomes(frames), outcomes(recorded)
    assert {key: value[:2] for key, value in ours.items()} == {
        key: value[:2] for key, value in theirs.items()
    }
    assert ours["dialer-lead-1002"][2] == "<unknown>"
    order = [header(frame, "ActionID") for frame in frames if kind(frame) == "OriginateResponse"]
    # Completion order, not request order: the lead that rings until its 5 s timeout reports last.
    assert order[-1] == "dialer-lead-1003"
    assert order != sorted(order)


async def test_queue_events_carry_the_recorded_values_through_the_recorded_history(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    """Every queue event of s01-s06, replayed in order on one simulator, equals the recording's header for
    header (positions, counts, hold/talk/ring times, member status, pause reasons), ids masked."""
    for scenario in QUEUE_SCENARIOS:
        frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, scenario)
        ours = [masked(frame) for frame in frames if kind(frame) in QUEUE_EVENTS]
        assert ours == [masked(frame) for frame in recorded if kind(frame) in QUEUE_EVENTS], scenario


async def test_every_event_type_has_the_recorded_header_names(asterisk_fixtures: Path) -> None:
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=ManualClock(1_795_355_835.0), varset=True
    )
    await simulator.start()
    frames: list[Frame] = []
    try:
        for scenario in (*QUEUE_SCENARIOS, "s07_outbound", "s09_reload", "s00_session"):
            frames += await replay(simulator, asterisk_fixtures, scenario)
    finally:
        await simulator.stop()
    recorded = recorded_header_sets(asterisk_fixtures)
    seen: set[str] = set()
    for frame in frames:
        event = header(frame, "Event")
        if not event:
            continue
        seen.add(event)
        shape = tuple(name for name, _ in frame if name != "ActionID")
        assert event in recorded, f"{event} is not in the recordings"
        assert shape in recorded[event], f"{event} headers {shape} differ from the recordings"
    assert {
        "AgentRingNoAnswer",
        "ChanSpyStart",
        "QueueEntry",
        "CoreShowChannel",
        "Status",
        "DialState",
    } <= seen


async def test_s05_snapshot_actions_answer_with_the_recorded_shapes(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    # After the same history the caller still waiting is Local/support@queue-entry-0000000a;2, as recorded.
    await _history(sim, asterisk_fixtures, HISTORY[:-1])
    frames, recorded = await replay_beside_recording(sim, asterisk_fixtures, "s05_status_snapshot")

    def listing(source: list[Frame], action_id: str) -> list[str]:
        return [kind(frame) for frame in source if header(frame, "ActionID") == action_id]

    for number in (33, 34, 36, 37, 39, 40, 41, 42):
        action_id = f"s05_status_snapshot-{number}"
        assert listing(frames, action_id) == listing(recorded, action_id), action_id
    # All queues: same events per queue; Asterisk lists queues in its hash order, the simulator in file order.
    for number in (32, 35):
        action_id = f"s05_status_snapshot-{number}"
        assert Counter(listing(frames, action_id)) == Counter(listing(recorded, action_id)), action_id
    ours = [frame for frame in frames if header(frame, "ActionID") == "s05_status_snapshot-38"]
    theirs = [frame for frame in recorded if header(frame, "ActionID") == "s05_status_snapshot-38"]
    assert len(ours) == len(theirs)

    # The values too, once the epochs (LastCall, LastPause, LoginTime, Uniqueid) are masked.
    def listing_values(source: list[Frame], action_id: str) -> list[str]:
        epochs = {"LastCall", "LastPause", "LoginTime", "Uniqueid"}
        rows = [
            str([(key, "<epoch>" if key in epochs else value) for key, value in frame])
            for frame in source
            if header(frame, "ActionID") == action_id
        ]
        return sorted(rows)

    for number in (32, 33, 34, 35, 36):
        action_id = f"s05_status_snapshot-{number}"
        assert listing_values(frames, action_id) == listing_values(recorded, action_id), action_id

    # The calls around the snapshot: the same events per type, per channel and in queue order.
    def live(source: list[Frame]) -> list[Frame]:
        return [
            f for f in without(source, NOT_MODELLED) if not header(f, "ActionID").startswith("s05_status")
        ]

    assert counts(live(frames)) == counts(live(recorded))
    assert per_channel(live(frames)) == per_channel(live(recorded))
    assert queue_sequence(live(frames)) == queue_sequence(live(recorded))
    getvar = next(frame for frame in frames if header(frame, "ActionID") == "s05_status_snapshot-40")
    assert getvar == next(
        frame for frame in recorded if header(frame, "ActionID") == "s05_status_snapshot-40"
    )
