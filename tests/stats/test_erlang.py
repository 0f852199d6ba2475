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


def test_without_traffic_every_call_is_answered_at_once() -> None:
    assert service_level(3, 0, 180, 20) == 1.0
    assert average_speed_of_answer(3, 0, 180) == 0.0


def test_agents_who_cannot_carry_the_traffic_answer_nothing_in_time() -> None:
    assert service_level(10, 10, 180, 20) == 0.0
    assert service_level(5, 10, 180, 20) == 0.0


def test_an_interval_of_no_length_needs_nobody() -> None:
    staffing = agents_needed(100, 0, 180)
    assert (staffing.traffic, staffing.agents, staffing.scheduled) == (0.0, 0, 0)
    assert (staffing.service_level_pct, staffing.asa_s) == (100.0, 0.0)


def test_shrinkage_of_everything_schedules_only_the_agents_on_the_phones() -> None:
    staffing = agents_needed(100, 1800, 180, shrinkage_pct=100)
    assert staffing.scheduled == staffing.agents == 14


def test_the_answer_time_and_service_level_targets_set_the_agents_needed() -> None:
    # 13 agents answer 89.5 % within 60 s (but only 79.6 % within 20 s, as above).
    assert agents_needed(100, 1800, 180, target_s=60).agents == 13
    assert agents_needed(100, 1800, 180, target_sl_pct=95).agents == 16


def test_the_figures_are_those_of_the_chosen_number_of_agents() -> None:
    staffing = agents_needed(100, 1800, 180)
    assert staffing.service_level_pct == round(service_level(14, 10.0, 180, 20) * 100, 2)
    assert staffing.asa_s == round(average_speed_of_answer(14, 10.0, 180), 2)
    assert staffing.service_level_pct >= 80.0
