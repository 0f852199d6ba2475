"""What the bridge reads from the database: the enabled nodes with their trunks and queue settings, and
which team watches which agents and queues."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection
from django.db.models import Q

_T = TypeVar("_T")


@dataclass
class ServerConfig:
    """What the bridge needs to know about one node (read from the database once at start)."""

    name: str
    host: str
    port: int
    username: str
    secret: str
    trunks: dict[str, str] = field(default_factory=dict)
    queue_settings: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Routing:
    """Which team watches which agents and queues (refreshed from the database periodically)."""

    agent_teams: dict[str, int] = field(default_factory=dict)  # interface -> team id
    queue_teams: dict[str, set[int]] = field(default_factory=dict)  # queue name -> team ids


def _without_lingering_connection(func: Callable[[], _T]) -> _T:
    """Run a database read and close the connection: the daemon must not hold one open while idle."""
    close_old_connections()
    try:
        return func()
    finally:
        connection.close()


def load_configs(server_names: Iterable[str] | None = None) -> list[ServerConfig]:
    """Enabled servers (optionally only the named ones) with their trunks and queue settings."""
    from callcenter.pbx.models import AsteriskServer, Queue, Trunk

    servers = AsteriskServer.objects.filter(enabled=True).order_by("name")
    if server_names:
        servers = servers.filter(name__in=list(server_names))
    queue_settings = {
        row["name"]: {"service_level": row["service_level"], "wrapuptime": row["wrapuptime"]}
        for row in Queue.objects.values("name", "service_level", "wrapuptime")
    }
    configs = []
    for server in servers:
        trunks = {
            f"PJSIP/{name}": name
            for name in Trunk.objects.filter(Q(server=server) | Q(server__isnull=True)).values_list(
                "name", flat=True
            )
        }
        configs.append(
            ServerConfig(
                name=server.name,
                host=server.ami_host,
                port=server.ami_port,
                username=server.ami_username,
                secret=server.get_ami_secret(),
                trunks=trunks,
                queue_settings=queue_settings,
            )
        )
    return configs


def load_routing() -> Routing:
    from callcenter.agents.models import Agent, Team

    routing = Routing()
    for agent in Agent.objects.filter(team__isnull=False).only("interface", "extension", "team_id"):
        if agent.team_id is not None:
            routing.agent_teams[agent.effective_interface] = agent.team_id
    for team_id, queue_name in Team.queues.through.objects.values_list("team_id", "queue__name"):
        routing.queue_teams.setdefault(queue_name, set()).add(team_id)
    return routing


async def load(func: Callable[[], _T]) -> _T:
    """Run a database read in a worker thread without leaving a connection open."""
    return await sync_to_async(_without_lingering_connection)(func)
