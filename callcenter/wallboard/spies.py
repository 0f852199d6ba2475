"""Spy sessions on the board, and the bridge subscriber that follows their calls.

The Originate that rings a supervisor's phone returns at once ("successfully queued"); whether the
phone answered, when ChanSpy attached to the agent's call and when it ended are only known from the
events that follow (OriginateResponse, ChanSpyStart, ChanSpyStop, Hangup, see s06). Those events come
from the AMI bridge's one connection per node: ``WallboardConfig.ready`` registers ``SpyTracker`` as a
subscriber (``callcenter.live.subscribers``). It hands them, in order, to ``actions.observe_spy_event``
(which audits the end exactly once) and publishes each change of a session to the wallboards. Trunk and
phone state (qualify, registration) is part of the live state itself (``callcenter.live.endpoints``).
"""

from __future__ import annotations

import datetime as dt
import logging

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.utils import timezone

from callcenter.ami.protocol import Message
from callcenter.live.messages import SpyMessage, SpyView
from callcenter.live.subscribers import Link, LinkNotice, Subscriber
from callcenter.wallboard.actions.spy_events import SPY_ACTION_PREFIX, observe_spy_event
from callcenter.wallboard.models import SpySession

logger = logging.getLogger(__name__)

GROUP = "wallboard.spies"
SUBSCRIBER_NAME = "wallboard.spies"
STALE_AFTER = dt.timedelta(hours=4)
_WATCHED = frozenset({"originateresponse", "chanspystart", "chanspystop", "hangup"})


def _epoch(value: dt.datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def spy_dict(session: SpySession) -> SpyView:
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


def active_spies() -> list[SpyView]:
    """Sessions not yet ended (ignoring ones so old that their end was never seen)."""
    sessions = SpySession.objects.filter(
        ended_at__isnull=True, requested_at__gte=timezone.now() - STALE_AFTER
    ).select_related("agent", "supervisor")
    return [spy_dict(session) for session in sessions]


async def publish(session_dict: SpyView) -> None:
    layer = get_channel_layer()
    if layer is not None:
        message: SpyMessage = {"type": "wallboard.spy", "spy": session_dict}
        await layer.group_send(GROUP, message)


def _observe(server_name: str, event: Message) -> SpyView | None:
    session = observe_spy_event(server_name, event)
    if session is None:
        return None
    return spy_dict(SpySession.objects.select_related("agent", "supervisor").get(pk=session.pk))


class SpyTracker:
    """The wallboard's subscriber of the bridge: spy-session events, per node.

    Hangups are most of the traffic; only the spying channels' ones matter. ``wants`` keeps the set of
    spying channels itself, on the bridge's reader and in the order of the stream (an answered spy
    Originate or a ChanSpyStart adds its channel, the channel's Hangup removes it), so no Hangup can pass
    the filter before the event that made its channel known has. Until the first resync after the
    process starts, the channels of sessions still open in the database are not known yet: every Hangup
    passes, and the resync notice loads them.
    """

    def __init__(self, *, action_prefix: str = SPY_ACTION_PREFIX) -> None:
        self.action_prefix = action_prefix
        self.spyer_channels: set[str] = set()
        self.loaded = False

    def wants(self, message: Message) -> bool:
        name = (message.event or "").lower()
        if name not in _WATCHED:
            return False
        if name == "originateresponse":
            if not (message.action_id or "").startswith(self.action_prefix):
                return False
            if (message.get("Response") or "").lower() == "success":
                self.spyer_channels.add(message.get("Channel") or "")
        elif name == "chanspystart":
            self.spyer_channels.add(message.get("SpyerChannel") or "")
        elif name == "hangup":
            channel = message.get("Channel") or ""
            if channel not in self.spyer_channels:
                return not self.loaded
            self.spyer_channels.discard(channel)
        return True

    async def handle(self, server_name: str, message: Message) -> SpyView | None:
        changed: SpyView | None = await database_sync_to_async(_observe)(server_name, message)
        if changed is not None:
            await publish(changed)
        return changed

    async def on_link(self, notice: LinkNotice) -> None:
        if notice.link != Link.RESYNCED:
            return
        # Every node's at once: the filter has one set for all of them (a channel name is only a hint;
        # ``observe_spy_event`` matches the session by node and channel).
        self.spyer_channels |= await database_sync_to_async(_open_spyer_channels)()
        self.loaded = True


def _open_spyer_channels() -> set[str]:
    """The spying channels of the sessions that have not ended (their Hangup is still to come)."""
    try:
        return set(
            SpySession.objects.filter(
                ended_at__isnull=True,
                requested_at__gte=timezone.now() - STALE_AFTER,
            )
            .exclude(spyer_channel="")
            .values_list("spyer_channel", flat=True)
        )
    finally:
        # Once per resync: the bridge holds no idle connection for it.
        connection.close()


def subscriber(tracker: SpyTracker | None = None) -> Subscriber:
    """The bridge subscriber of a tracker (a new one by default)."""
    tracker = tracker or SpyTracker()
    return Subscriber(
        name=SUBSCRIBER_NAME, wants=tracker.wants, handle=tracker.handle, on_link=tracker.on_link
    )
