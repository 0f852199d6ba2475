"""The AMI pattern that finds a callback request's held turn, and the requests never sent to a node."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from callcenter.pbx.models import AsteriskServer
from callcenter.stats.actions.held_turns import held_turn_channels, release_held_turn
from tests.factories import CallbackFactory
from tests.harness.astdb import AstDB
from tests.harness.astdb_node import astdb_node
from tests.harness.background import BackgroundAMI


def _pattern(queue: str, callid: str) -> re.Pattern[str]:
    entry = CallbackFactory.build(queue=queue, request_callid=callid)
    text = held_turn_channels(entry)
    assert text.startswith("/") and text.endswith("/")
    return re.compile(text[1:-1])


@pytest.mark.parametrize("half", [";1", ";2"])
def test_the_pattern_finds_both_halves_of_the_turns_local_channel(half: str) -> None:
    # dialplans/callback.conf: Local/${CC_POS}-${queue}+${UNIQUEID}@cc-callback-hold/n
    channel = f"Local/3-support+1795424400.12@cc-callback-hold-0000002a{half}"
    assert _pattern("support", "1795424400.12").match(channel)


def test_the_dot_of_a_call_id_matches_only_a_dot() -> None:
    assert not _pattern("support", "1795424400.12").match(
        "Local/3-support+1795424400x12@cc-callback-hold-1;1"
    )


def test_another_queue_or_request_is_not_matched() -> None:
    pattern = _pattern("support", "1795424400.12")
    assert not pattern.match("Local/3-sales+1795424400.12@cc-callback-hold-1;1")
    assert not pattern.match("Local/3-support+1795424400.123@cc-callback-hold-1;1")


@pytest.fixture
def node(db: None) -> Iterator[BackgroundAMI[AstDB]]:
    """Node pbx1 answering AMI in the background; it records every action it is sent."""
    with astdb_node("pbx1") as server:
        yield server


@pytest.mark.parametrize(
    ("queue", "callid"), [("support", "1.2;Hangup"), ("sup port", "1.2"), ("support+x", "1.2")]
)
def test_names_asterisk_would_not_write_never_reach_the_node(
    node: BackgroundAMI[AstDB], queue: str, callid: str
) -> None:
    entry = CallbackFactory.create(queue=queue, request_callid=callid, server="pbx1")
    assert release_held_turn(entry) is False
    assert node.actions.empty()


def test_a_disabled_node_is_not_asked(node: BackgroundAMI[AstDB]) -> None:
    AsteriskServer.objects.filter(name="pbx1").update(enabled=False)
    assert release_held_turn(CallbackFactory.create(server="pbx1", request_callid="1795424400.7")) is False
    assert node.actions.empty()
