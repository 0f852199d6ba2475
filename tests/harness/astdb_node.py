"""A node with an AstDB answering AMI in the background, registered as an AsteriskServer row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.factories import AsteriskServerFactory
from tests.harness.astdb import AstDB
from tests.harness.background import BackgroundAMI


@contextmanager
def astdb_node(name: str) -> Iterator[BackgroundAMI[AstDB]]:
    """The running node, reached as the AsteriskServer ``name``; it records every action it is sent and
    stops on the way out."""
    with BackgroundAMI(AstDB()) as server:
        AsteriskServerFactory.create(name=name, ami_port=server.port)
        yield server
