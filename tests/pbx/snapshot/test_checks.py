"""A snapshot that must never reach an Asterisk file is refused value by value, each refusal named."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from callcenter.pbx.snapshot import (
    AgentConf,
    AudioConf,
    CenterConf,
    IVRConf,
    MemberConf,
    OptionConf,
    PauseReasonConf,
    PromptConf,
    QueueConf,
    RouteConf,
    ScheduleConf,
    SupervisorConf,
    TrunkConf,
    validate_center,
)


def center() -> CenterConf:
    """A small center that renders: a queue, an agent, a trunk, a schedule, a menu and a route."""
    return CenterConf(
        server_name="node1",
        queues=[QueueConf(name="support")],
        agents=[
            AgentConf(
                extension="1001",
                member_name="Anna Petrova",
                display_name="Anna Petrova",
                interface="PJSIP/1001",
                secret="Xk2-secret-pass",
                dynamic_queues=[("support", 0)],
            )
        ],
        pause_reasons=[PauseReasonConf(1, "lunch")],
        trunks=[TrunkConf(name="carrier", host="sip.example.net")],
        schedules=[ScheduleConf(name="office", rules=[(0, time(9), time(18))])],
        menus=[
            IVRConf(
                name="main",
                greeting="custom/welcome",
                options=[OptionConf(digit="1", destination="queue", queue="support")],
            )
        ],
        routes=[RouteConf(did="74951234567", name="main", destination="ivr", ivr="main", schedule="office")],
    )


def test_the_small_center_renders() -> None:
    assert validate_center(center()) == []


def test_a_pause_reason_code_given_twice_is_refused() -> None:
    snapshot = center()
    snapshot.pause_reasons.append(PauseReasonConf(2, "lunch"))
    assert "pause reason 'lunch' is defined twice" in validate_center(snapshot)


def test_an_extension_of_an_agent_and_a_supervisor_is_refused() -> None:
    snapshot = center()
    snapshot.supervisors.append(SupervisorConf("max", "1001", "Yq7-secret-pass"))
    assert "extension '1001' is defined twice" in validate_center(snapshot)


def test_a_route_to_an_unknown_kind_of_destination_is_refused() -> None:
    snapshot = center()
    snapshot.routes[0] = replace(snapshot.routes[0], destination="voicemail", ivr="")
    errors = validate_center(snapshot)
    assert "inbound route '74951234567': unknown destination 'voicemail'" in errors


def test_a_key_sending_callers_to_an_extension_nobody_has_is_refused() -> None:
    snapshot = center()
    snapshot.menus[0].options.append(OptionConf(digit="2", destination="extension", extension="1999"))
    errors = validate_center(snapshot)
    assert "IVR menu 'main' key '2': extension '1999' is no agent's or supervisor's phone" in errors


def test_a_route_naming_a_missing_schedule_is_refused() -> None:
    snapshot = center()
    snapshot.routes[0] = replace(snapshot.routes[0], schedule="weekend")
    assert "inbound route '74951234567': schedule 'weekend' does not exist" in validate_center(snapshot)


def test_a_time_zone_that_is_no_zone_name_is_refused() -> None:
    snapshot = center()
    snapshot.schedules[0] = replace(snapshot.schedules[0], time_zone="Europe/../etc")
    assert "schedule 'office': time_zone: not an IANA zone name" in validate_center(snapshot)


@pytest.mark.parametrize(
    ("weekday", "opens", "closes"),
    [(7, time(9), time(18)), (-1, time(9), time(18)), (0, time(18), time(9)), (0, time(9), time(9))],
)
def test_a_rule_outside_the_week_or_closing_before_it_opens_is_refused(
    weekday: int, opens: time, closes: time
) -> None:
    snapshot = center()
    snapshot.schedules[0].rules.append((weekday, opens, closes))
    assert f"schedule 'office': rule {weekday} {opens}-{closes} is not valid" in validate_center(snapshot)


def test_codecs_that_are_not_a_list_of_codec_names_are_refused() -> None:
    snapshot = center()
    snapshot.trunks[0] = replace(snapshot.trunks[0], codecs="alaw;ulaw")
    errors = validate_center(snapshot)
    assert "trunk 'carrier': codecs: not a comma-separated list of codec names" in errors


def test_a_static_member_without_an_interface_is_refused() -> None:
    snapshot = center()
    snapshot.queues[0].members.append(MemberConf("", 0, "Anna Petrova"))
    assert "queue 'support': a static member has no interface" in validate_center(snapshot)


def test_a_prompt_whose_digest_is_no_sha256_is_refused() -> None:
    snapshot = center()
    snapshot.prompts.append(PromptConf("custom/welcome", AudioConf("not-a-digest", data=b"")))
    assert "prompt 'custom/welcome': sha256: not a SHA-256 digest" in validate_center(snapshot)


def test_a_queue_playing_the_nodes_own_music_needs_no_class() -> None:
    snapshot = center()
    snapshot.queues[0] = replace(snapshot.queues[0], music_class="default")
    assert validate_center(snapshot) == []
