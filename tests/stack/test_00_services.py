"""Every long-lived service of docker/compose.yaml runs from its own command and environment, and is healthy."""

from __future__ import annotations

import re

from tests.stack.conftest import ONE_SHOT, Stack, wait_stack


def test_every_long_lived_service_of_the_image_runs_and_is_healthy(stack: Stack) -> None:
    long_lived = {name for name in stack.services if name not in ONE_SHOT}
    assert {"web", "bridge", "worker", "beat"} <= long_lived
    for name in sorted(long_lived):
        assert stack.services[name].running(), name
        assert stack.services[name].healthy(), f"{name}:\n{stack.services[name].output()[-2000:]}"


def _event_sessions(stack: Stack) -> int:
    output = stack.node.cli("manager show connected")
    return len(re.findall(rf"^\s*{re.escape(stack.node.ami_username)}\s+127\.0\.0\.1\s", output, re.M))


def test_the_node_has_exactly_one_ami_session(stack: Stack) -> None:
    """One event stream per node: the bridge's. Nothing else of the stack holds a session open."""
    wait_stack(stack, lambda: _event_sessions(stack) == 1, 20, "exactly one AMI session on the node")
