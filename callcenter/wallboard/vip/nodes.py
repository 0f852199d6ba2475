"""Talking to the nodes: DBPut / DBDel of the family ``cc-vip`` over AMI, one connection per node, and the
full sync that diffs the family (DBGetTree) against the wanted keys."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

from callcenter.ami.client import AMIClient
from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.ami.protocol import Message
from callcenter.ami.sync import client_for
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.render import VIP_FAMILY
from callcenter.wallboard.vip.entries import wanted_entries

log = logging.getLogger(__name__)

# Actions sent at once on one connection; the client matches each response by its ActionID.
BATCH = 100
# Asterisk's answer to DBDel of a key it does not hold (main/db.c): the wanted state already.
_NOT_FOUND = ("database entry could not be deleted", "database entry not found")


@dataclass
class NodeResult:
    """What one node got: keys put and deleted, or why it could not be reached (``error``)."""

    server: str
    put: int = 0
    deleted: int = 0
    unchanged: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _timeout() -> float:
    return float(getattr(settings, "VIP_AMI_TIMEOUT", 5.0))


def _servers(names: Iterable[str] | None = None) -> list[AsteriskServer]:
    servers = AsteriskServer.objects.filter(enabled=True).order_by("name")
    if names is not None:
        servers = servers.filter(name__in=list(names))
    return list(servers)


def _put(key: str, value: str) -> tuple[str, dict[str, str]]:
    return "DBPut", {"Family": VIP_FAMILY, "Key": key, "Val": value}


def _delete(key: str) -> tuple[str, dict[str, str]]:
    return "DBDel", {"Family": VIP_FAMILY, "Key": key}


async def _send_all(client: AMIClient, changes: Mapping[str, str | None], timeout: float) -> None:
    """DBPut (a value) or DBDel (None) each key, in batches on one connection. Deleting a key the node
    does not hold is the wanted state already; any other refusal raises ``AMIActionError``."""

    async def one(name: str, headers: dict[str, str]) -> None:
        try:
            await client.action(name, headers, timeout=timeout)
        except AMIActionError as exc:
            if name == "DBDel" and exc.message.lower() in _NOT_FOUND:
                return
            raise

    actions = [
        _put(key, value) if value is not None else _delete(key) for key, value in sorted(changes.items())
    ]
    for start in range(0, len(actions), BATCH):
        await asyncio.gather(*(one(name, headers) for name, headers in actions[start : start + BATCH]))


def _key_of(event: Message) -> str:
    """The key of a DBGetTreeResponse: Asterisk answers the full path, ``/cc-vip/<key>``."""
    key = event.get("Key") or ""
    prefix = f"/{VIP_FAMILY}/"
    return key[len(prefix) :] if key.startswith(prefix) else key


async def _read_family(client: AMIClient, timeout: float) -> dict[str, str]:
    _response, events = await client.action_list("DBGetTree", {"Family": VIP_FAMILY}, timeout=timeout)
    return {_key_of(event): event.get("Val") or "" for event in events if event.event == "DBGetTreeResponse"}


async def _on_node(
    server: AsteriskServer, changes: Mapping[str, str | None], wanted: dict[str, str] | None
) -> NodeResult:
    """Put/delete ``changes``; with ``wanted`` (a full sync) the changes are the diff against what the node
    holds (DBGetTree) instead."""
    timeout = _timeout()
    result = NodeResult(server.name)
    client = client_for(server, action_timeout=timeout, ping_interval=0, reconnect=False)
    try:
        await client.connect()
        if wanted is not None:
            current = await _read_family(client, timeout)
            diff: dict[str, str | None] = {
                key: value for key, value in wanted.items() if current.get(key) != value
            }
            diff.update(dict.fromkeys(set(current) - set(wanted)))
            result.unchanged = sum(1 for key, value in wanted.items() if current.get(key) == value)
            changes = diff
        await _send_all(client, changes, timeout)
    finally:
        await client.close()
    result.put = sum(1 for value in changes.values() if value is not None)
    result.deleted = len(changes) - result.put
    return result


def _run(
    server: AsteriskServer, changes: Mapping[str, str | None], wanted: dict[str, str] | None = None
) -> NodeResult:
    try:
        return asyncio.run(_on_node(server, changes, wanted))
    except (AMIError, OSError, ValueError) as exc:
        # ValueError: the node's AMI secret is to come from an environment variable that is not set.
        log.warning("event=vip_push_failed server=%s error=%s", server.name, exc)
        return NodeResult(server.name, error=str(exc) or type(exc).__name__)


def push(changes: Mapping[str, str | None], servers: Iterable[str] | None = None) -> list[NodeResult]:
    """Put (value) or delete (None) these keys on every enabled node, or on the named ones."""
    if not changes:
        return []
    return [_run(server, changes) for server in _servers(servers)]


def sync_server(server: AsteriskServer) -> NodeResult:
    """Make the node's family exactly the wanted keys (a diff against DBGetTree); idempotent."""
    # The database is read before the event loop starts (Django's ORM is synchronous).
    return _run(server, {}, wanted_entries())


def sync_servers(names: Iterable[str] | None = None) -> list[NodeResult]:
    """``sync_server`` on every enabled node, or on the named ones; unreachable nodes are in the results."""
    wanted = wanted_entries()
    return [_run(server, {}, wanted) for server in _servers(names)]
