"""A node's AMI as the rest of the project names it: where it listens, how to log in, and a client for it."""

from __future__ import annotations

from typing import Any, Protocol

from callcenter.ami.client import AMIClient


class AsteriskNode(Protocol):
    """Where a node's AMI listens and how to log in (pbx's ``AsteriskServer`` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def ami_host(self) -> str: ...

    @property
    def ami_port(self) -> int: ...

    @property
    def ami_username(self) -> str: ...

    def get_ami_secret(self) -> str: ...


def client_for(server: AsteriskNode, **kwargs: Any) -> AMIClient:
    """An (unconnected) action-only client for ``server`` (``Events: off``); keyword arguments override
    the client's defaults. Only the bridge passes ``events=True``."""
    options: dict[str, Any] = {"events": False, **kwargs}
    return AMIClient(
        server.ami_host,
        server.ami_port,
        server.ami_username,
        server.get_ami_secret(),
        name=server.name,
        **options,
    )
