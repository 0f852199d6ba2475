"""queues.conf as app_queue reads it: aliases, member line defaults, numbers and [general]."""

from __future__ import annotations

import pytest

from callcenter.simulator.config import ConfigError, MemberConfig, parse_queues_conf


def test_roundrobin_is_read_as_rrmemory_and_musiconhold_as_the_music_class() -> None:
    (queue,) = parse_queues_conf("[q]\nstrategy = RoundRobin\nmusiconhold = jazz\n")
    assert (queue.strategy, queue.musicclass) == ("rrmemory", "jazz")


def test_a_member_line_without_name_or_state_interface_uses_the_interface() -> None:
    (queue,) = parse_queues_conf("[q]\nmember => PJSIP/1001\nmember => PJSIP/1002,3,Bob,Custom:bob\n")
    assert queue.members == [
        MemberConfig(interface="PJSIP/1001", penalty=0, name="PJSIP/1001", state_interface="PJSIP/1001"),
        MemberConfig(interface="PJSIP/1002", penalty=3, name="Bob", state_interface="Custom:bob"),
    ]


def test_a_number_setting_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"\[q\] wrapuptime = 'soon' is not a number"):
        parse_queues_conf("[q]\nwrapuptime = soon\n")


def test_defaults_are_app_queues() -> None:
    (queue,) = parse_queues_conf("[q]\n")
    assert (queue.strategy, queue.timeout, queue.retry, queue.ringinuse, queue.shared_lastcall) == (
        "ringall",
        15,
        5,
        True,
        True,
    )


def test_general_is_not_a_queue_and_sets_shared_lastcall_for_all() -> None:
    queues = parse_queues_conf("[general]\nshared_lastcall = no\n[a]\n[b]\n")
    assert [(queue.name, queue.shared_lastcall) for queue in queues] == [("a", False), ("b", False)]
