"""Spy sessions on the board, and the watcher that follows their calls (and trunk alarms) through AMI events.

The Originate that rings a supervisor's phone returns at once ("successfully queued"); whether the
phone answered, when ChanSpy attached to the agent's call and when it ended are only known from the
events that follow (OriginateResponse, ChanSpyStart, ChanSpyStop, Hangup, see s06). The watcher holds
one AMI connection per node, hands those events to ``actions.observe_spy_event`` (which audits the end
exactly once) and publishes each change of a session to the wallboards.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from callcenter.ami.protocol import Message
from callcenter.ami.sync import client_for
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard import trunks
from callcenter.wallboard.models import SpySession

logger = logging.getLogger(__name__)

GROUP = "wallboard.spies"
SPY_ACTION_PREFIX = "wb-spy-"  # the ActionID prefix of the Originates that actions.start_spy sends
STALE_AFTER = dt.timedelta(hours=4)
_WATCHED = frozenset(
    {"originateresponse", "chanspystart", "chanspystop", "hangup", "contactstatus", "peerstatus"}
)


def _epoch(value: dt.datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def spy_dict(session: SpySession) -> dict[str, Any]:
    """A spy session as the board shows it."""
    return {
        "id": session.pk,
        "server": session.server,
        "interface": session.agent.effective_interface,
        "agent_id": session.agent_id,
        "agent_name": session.agent.display_name,
        "supervisor": session.supervisor.get_username(),
        "mode": session.mode,
        "mode_label": str(SpySession.Mode(session.mode).label),
        "status": session.status,
        "requested_at": _epoch(session.requested_at),
        "started_at": _epoch(session.started_at),
        "ended_at": _epoch(session.ended_at),
        "error": session.error,
    }


def active_spies() -> list[dict[str, Any]]:
    """Sessions not yet ended (ignoring ones so old that their end was never seen)."""
    sessions = SpySession.objects.filter(
        ended_at__isnull=True, requested_at__gte=timezone.now() - STALE_AFTER
    ).select_related("agent", "supervisor")
    return [spy_dict(session) for session in sessions]


async def publish(session_dict: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(GROUP, {"type": "wallboard.spy", "spy": session_dict})


def _observe(server_name: str, event: Message) -> dict[str, Any] | None:
    from callcenter.wallboard.actions import observe_spy_event

    session = observe_spy_event(server_name, event)
    if session is None:
        return None
    return spy_dict(SpySession.objects.select_related("agent", "supervisor").get(pk=session.pk))


class SpyWatcher:
    """Feeds one node's spy-related events, in order, to the session tracker."""

    def __init__(self, server_name: str, *, action_prefix: str = SPY_ACTION_PREFIX) -> None:
        self.server_name = server_name
        self.action_prefix = action_prefix
        self.queue: asyncio.Queue[Message] = asyncio.Queue()
        # Hangups are most of the traffic; only the spying channels' ones matter.
        self.spyer_channels: set[str] = set()

    def on_event(self, message: Message) -> None:
        name = (message.event or "").lower()
        if name not in _WATCHED:
            return
        if name == "hangup" and (message.get("Channel") or "") not in self.spyer_channels:
            return
        if name == "originateresponse" and not (message.action_id or "").startswith(self.action_prefix):
            return
        self.queue.put_nowait(message)

    async def handle(self, message: Message) -> dict[str, Any] | None:
        name = (message.event or "").lower()
        if name in ("contactstatus", "peerstatus"):
            await self.handle_trunk(message)
            return None
        if name == "originateresponse" and (message.get("Response") or "").lower() == "success":
            self.spyer_channels.add(message.get("Channel") or "")
        elif name == "chanspystart":
            self.spyer_channels.add(message.get("SpyerChannel") or "")
        elif name == "hangup":
            self.spyer_channels.discard(message.get("Channel") or "")
        changed = await database_sync_to_async(_observe)(self.server_name, message)
        if changed is not None:
            await publish(changed)
        return changed

    async def handle_trunk(self, message: Message) -> None:
        found = trunks.trunk_event(message)
        if found is None:
            return
        changed = await sync_to_async(trunks.record)(self.server_name, *found)
        layer = get_channel_layer()
        if changed and layer is not None:
            await layer.group_send(GROUP, await sync_to_async(trunks.message_for)(self.server_name))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            getter = asyncio.ensure_future(self.queue.get())
            stopper = asyncio.ensure_future(stop.wait())
            done, _pending = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                return
            stopper.cancel()
            try:
                await self.handle(getter.result())
            except Exception:
                logger.exception("spy event not handled on %s", self.server_name)


async def run_spy_watch(stop: asyncio.Event) -> None:
    """The watcher service: one AMI connection per enabled node until ``stop`` is set."""
    servers = await database_sync_to_async(lambda: list(AsteriskServer.objects.filter(enabled=True)))()
    tasks = []
    for server in servers:
        watcher = SpyWatcher(server.name)
        client = client_for(server)
        client.add_event_listener(watcher.on_event)
        tasks.append(asyncio.create_task(client.run(stop)))
        tasks.append(asyncio.create_task(watcher.run(stop)))
    if not tasks:
        logger.warning("no enabled Asterisk server: the spy watcher has nothing to watch")
        await stop.wait()
        return
    await asyncio.gather(*tasks)
