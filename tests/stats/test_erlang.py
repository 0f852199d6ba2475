"""Erlang C against known values."""

from __future__ import annotations

import math

from callcenter.stats.erlang import agents_needed, average_speed_of_answer, erlang_c, service_level


def test_100_calls_per_half_hour_at_180_s_and_80_20_needs_14_agents() -> None:
    staffing = agents_needed(100, 1800, 180, target_sl_pct=80, target_s=20)
    assert (staffing.traffic, staffing.agents) == (10.0, 14)
    # 13 agents reach only 79.6 %, 14 reach 88.8 %.
    assert round(service_level(13, 10, 180, 20), 3) == 0.796
    assert round(service_level(14, 10, 180, 20), 3) == 0.888


def test_shrinkage_raises_the_scheduled_agents() -> None:
    assert agents_needed(100, 1800, 180, shrinkage_pct=30).scheduled == 20


def test_an_asa_target_can_need_more_agents_than_the_service_level() -> None:
    assert agents_needed(100, 1800, 180, max_asa_s=5).agents == 15
    assert average_speed_of_answer(14, 10, 180) > 5 > average_speed_of_answer(15, 10, 180)


def test_erlang_c_edges() -> None:
    assert erlang_c(10, 0) == 0.0
    assert erlang_c(10, 10) == 1.0
    assert math.isinf(average_speed_of_answer(5, 10, 180))
    assert agents_needed(0, 1800, 180).agents == 0
