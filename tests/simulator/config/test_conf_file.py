"""Asterisk .conf syntax corners: errors with file and line, ``(+)`` additions, redefined sections."""

from __future__ import annotations

import pytest

from callcenter.simulator.config import ConfigError, parse_conf


def test_a_setting_before_any_section_is_refused_with_its_line() -> None:
    with pytest.raises(ConfigError, match=r"^queues\.conf:2: setting outside a section$"):
        parse_conf("; header\nstrategy = ringall\n", filename="queues.conf")


def test_a_line_without_an_equals_sign_is_refused_with_its_line() -> None:
    with pytest.raises(ConfigError, match=r"^<config>:3: expected 'key = value'$"):
        parse_conf("[q]\nstrategy = linear\nmember Local/1@agents\n")


def test_a_plus_section_adds_to_the_section_of_that_name() -> None:
    (section,) = parse_conf("[q]\ntimeout = 5\n[q](+)\nretry = 2\n")
    assert section.items == [("timeout", "5"), ("retry", "2")]


def test_a_section_defined_again_replaces_the_first_and_moves_to_the_end() -> None:
    sections = parse_conf("[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n")
    assert [(section.name, section.items) for section in sections] == [
        ("b", [("y", "2")]),
        ("a", [("z", "3")]),
    ]


def test_the_last_value_of_a_repeated_key_wins_and_all_are_kept() -> None:
    (section,) = parse_conf("[q]\nMember => one\nmember = two\n")
    assert section.get("member") == "two"
    assert section.get_all("member") == ["one", "two"]
    assert section.get("absent", "fallback") == "fallback"
