"""queues.conf / manager.conf reading, on the recorded files and on the syntax's corners."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcenter.simulator.config import (
    ConfigError,
    load_manager_users,
    load_queues,
    parse_conf,
    parse_empty_options,
    parse_queues_conf,
)


def test_recorded_queues_conf_with_template_inheritance(asterisk_fixtures: Path) -> None:
    queues = {queue.name: queue for queue in load_queues(asterisk_fixtures / "conf")}
    assert list(queues) == ["support", "sales", "ringtest", "xfer", "burst"]
    ringtest = queues["ringtest"]
    assert (ringtest.strategy, ringtest.timeout, ringtest.retry, ringtest.servicelevel) == (
        "linear",
        4,
        1,
        20,
    )
    assert queues["support"].timeout == 15  # from the [cc-defaults](!) template
    assert ringtest.ringinuse is False
    assert [(m.interface, m.penalty, m.name) for m in ringtest.members] == [
        ("Local/2001@agents-noanswer/n", 0, "Agent 2001 (no answer)"),
        ("Local/1003@agents/n", 0, "Agent 1003"),
    ]


def test_recorded_manager_conf_user(asterisk_fixtures: Path) -> None:
    users = load_manager_users(asterisk_fixtures / "conf")
    assert [(user.username, user.secret) for user in users] == [("ccadmin", "ccadmin-dummy-secret")]


def test_multiple_templates_and_comments() -> None:
    sections = parse_conf("[a](!)\nx = 1 ; comment\n[b](!)\ny = 2\n[c](a,b)\nz = semi\\;colon\n")
    assert [(s.name, s.items) for s in sections] == [("c", [("x", "1"), ("y", "2"), ("z", "semi;colon")])]


def test_unknown_template_and_strategy_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown template"):
        parse_conf("[q](nope)\n")
    with pytest.raises(ConfigError, match="unknown strategy"):
        parse_queues_conf("[q]\nstrategy = sideways\n")


@pytest.mark.parametrize(
    ("value", "joinempty", "expected"),
    [
        ("yes", True, set()),
        ("no", True, {"penalty", "invalid", "paused"}),
        ("yes", False, {"penalty", "invalid", "paused"}),
        ("no", False, set()),
        ("strict", True, {"penalty", "invalid", "paused", "unavailable"}),
        ("paused,inuse", False, {"paused", "inuse"}),
    ],
)
def test_empty_options_as_app_queue_reads_them(value: str, joinempty: bool, expected: set[str]) -> None:
    assert parse_empty_options(value, joinempty=joinempty) == expected
