"""Who rings, per strategy, as app_queue's calc_metric and find_best decide (checked through the Engine)."""

from __future__ import annotations

import random
from collections import Counter

from callcenter.simulator.strategies import Candidate, attempt_order, choose, next_cursor
from tests.simulator.engine_harness import harness, members


def _serve_one_by_one(
    strategy: str, calls: int, *, extra: str = "", penalties: tuple[int, ...] = ()
) -> list[str]:
    """Callers one after another, each call finished before the next: the order members were rung in."""
    h = harness(
        f"[q](t)\nstrategy = {strategy}\n{extra}" + members("1001", "1002", "1003", penalties=penalties)
    )
    for _ in range(calls):
        h.call("q", talk=5)
        h.advance(30)
    return h.called()


def test_ringall_rings_every_member_of_the_best_penalty_at_once() -> None:
    h = harness("[q](t)\nstrategy = ringall\n" + members("1001", "1002", "1003", penalties=(0, 0, 1)))
    h.engine.answer_delay = lambda member: 2.0 if member.name == "Agent 1001" else 2.5
    h.call("q")
    # In app_queue's order of call attempts: its member hash puts /1001 in bucket 8 and /1002 in bucket 18,
    # and try_calling lists the members in reverse.
    assert h.called() == ["Agent 1002", "Agent 1001"]
    h.advance(3)
    connect = h.named("AgentConnect")
    assert [event["MemberName"] for event in connect] == ["Agent 1001"]
    assert [event["DialStatus"] for event in h.named("DialEnd") if event.get("Channel")] == [
        "ANSWER",
        "CANCEL",
    ]


def test_linear_always_starts_from_the_first_member() -> None:
    assert _serve_one_by_one("linear", 3) == ["Agent 1001"] * 3


def test_linear_moves_to_the_next_member_after_no_answer() -> None:
    h = harness("[q](t)\nstrategy = linear\ntimeout = 4\nretry = 1\n" + members("1001", "1002"))
    h.engine.answer_delay = lambda member: None if member.name == "Agent 1001" else 0.0
    h.call("q")
    h.advance(4)
    assert h.verbs()[-1] == "RINGNOANSWER"
    h.advance(1)
    assert h.called() == ["Agent 1001", "Agent 1002"]
    assert h.verbs()[-1] == "CONNECT"


def test_rrmemory_remembers_where_it_stopped() -> None:
    assert _serve_one_by_one("rrmemory", 4) == ["Agent 1001", "Agent 1002", "Agent 1003", "Agent 1001"]


def test_rrordered_goes_round_in_file_order() -> None:
    assert _serve_one_by_one("rrordered", 5) == [
        "Agent 1001",
        "Agent 1002",
        "Agent 1003",
        "Agent 1001",
        "Agent 1002",
    ]


def test_leastrecent_prefers_never_called_then_longest_idle() -> None:
    h = harness("[q](t)\nstrategy = leastrecent\n" + members("1001", "1002"))
    h.call("q", talk=5)
    h.advance(30)
    h.call("q", talk=5)
    h.advance(30)
    h.call("q", talk=5)
    h.advance(30)
    # 1002 first (never called, first in app_queue's list of attempts: see test_ringall...), then 1001
    # (never called), then 1002 (idle longest). The real run's sales queue shows the same order.
    assert h.called() == ["Agent 1002", "Agent 1001", "Agent 1002"]


def test_fewestcalls_picks_the_member_with_fewest_completed_calls() -> None:
    h = harness("[q](t)\nstrategy = fewestcalls\n" + members("1001", "1002"))
    h.engine.queues["q"].members[0].calls = 3
    h.call("q", talk=5)
    h.advance(30)
    h.call("q", talk=5)
    h.advance(30)
    assert h.called() == ["Agent 1002", "Agent 1002"]


def test_random_spreads_calls_over_members_of_the_best_penalty_only() -> None:
    rung = Counter(_serve_one_by_one("random", 300, penalties=(0, 0, 1)))
    assert set(rung) == {"Agent 1001", "Agent 1002"}
    assert 100 < rung["Agent 1001"] < 200


def test_wrandom_weights_by_penalty_but_still_rings_higher_penalties() -> None:
    rung = Counter(_serve_one_by_one("wrandom", 400, penalties=(0, 0, 4)))
    assert rung["Agent 1003"] > 0
    assert rung["Agent 1001"] > 2 * rung["Agent 1003"]


def test_penalty_tier_only_rings_when_the_lower_tier_is_busy() -> None:
    h = harness("[q](t)\nstrategy = rrmemory\n" + members("1001", "1002", penalties=(0, 1)))
    h.call("q", talk=60)
    h.call("q", talk=60)
    assert h.called() == ["Agent 1001", "Agent 1002"]


def test_member_order_follows_app_queues_member_hash() -> None:
    # try_calling's list is the hash container walked bucket by bucket, reversed (buckets from the real run:
    # PJSIP/1005 11, 1006 21, 1007 31, 1008 4, 1009 14, 1010 34; leastrecent rang 1010, 1007, 1006, 1005).
    interfaces = [f"PJSIP/{n}" for n in range(1005, 1011)]
    order = attempt_order("leastrecent", interfaces)
    assert sorted(interfaces, key=order.__getitem__) == [
        "PJSIP/1010",
        "PJSIP/1007",
        "PJSIP/1006",
        "PJSIP/1009",
        "PJSIP/1005",
        "PJSIP/1008",
    ]
    assert attempt_order("linear", interfaces)["PJSIP/1005"] == 5  # a list, walked in file order


def test_rrmemory_moves_its_cursor_past_members_that_could_not_ring() -> None:
    # rrpos 1: 1002-1004 are paused and fail, 1001 (metric 1000) rings; the next still untried is 1005.
    members_ = [
        Candidate(key=f"PJSIP/100{i + 1}", position=i, penalty=1 if i >= 4 else 0, calls=0, last_call=0)
        for i in range(6)
    ]
    rng = random.Random(1)
    assert next_cursor("rrmemory", members_, "PJSIP/1001", now=0, rng=rng, cursor=1) == 4
    assert next_cursor("rrmemory", members_, "PJSIP/1001", now=0, rng=rng, cursor=0) == 1
    # The last in metric order rings: nobody is left, and as members stand beyond the cursor, it starts over.
    assert next_cursor("rrmemory", members_[:3], "PJSIP/1003", now=0, rng=rng, cursor=0) == 0


def test_choose_matches_calc_metric_for_rr_cursor() -> None:
    candidates = [Candidate(key=str(i), position=i, penalty=0, calls=0, last_call=0) for i in range(3)]
    rng = random.Random(1)
    assert choose("rrmemory", candidates, now=0, rng=rng, rrpos=2) == ["2"]
    assert choose("rrmemory", candidates, now=0, rng=rng, rrpos=3) == ["0"]
    assert choose("linear", candidates, now=0, rng=rng, linpos=1) == ["1"]


def test_ringall_with_members_answering_at_once_connects_one_and_frees_the_others() -> None:
    h = harness("[q](t)\nstrategy = ringall\n" + members("1001", "1002"))
    h.call("q", talk=30)
    assert h.called() == ["Agent 1002", "Agent 1001"]
    assert [event["MemberName"] for event in h.named("AgentConnect")] == ["Agent 1002"]
    assert h.engine.device_use == {"Local/1002@agents": 1}
    h.call("q", talk=30)
    assert [event["MemberName"] for event in h.named("AgentConnect")] == ["Agent 1002", "Agent 1001"]
