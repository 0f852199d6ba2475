"""Resync requests: the ``Reload`` events that call for one, and the channel-layer request other
processes send (the configuration apply after a reload)."""

from __future__ import annotations

from typing import TypedDict

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from callcenter.ami.protocol import Message

GROUP_RESYNC = "live.resync"
# Reload events after which app_queue's picture may have changed: the module itself, or everything.
_QUEUE_RELOADS = frozenset({"app_queue.so", "app_queue", "", "all"})
# Reloads after which trunks and registrations may have changed (the apply says so; no event is needed).
_PJSIP_RELOADS = frozenset({"res_pjsip.so", "res_pjsip"})


class ResyncRequest(TypedDict):
    """The message that asks the bridge of one node to re-read its state from Asterisk."""

    type: str  # "live.resync_request"
    server: str


def reloads_queues(message: Message) -> bool:
    """True for the ``Reload`` event of app_queue or of a full reload (Module empty or ``All``)."""
    return message.event == "Reload" and (message.get("Module") or "").strip().lower() in _QUEUE_RELOADS


def request_resync(server: str) -> None:
    """Ask the running bridge of ``server`` to re-read QueueStatus and CoreShowChannels (synchronous code,
    no running event loop in this thread). Without Redis (the embedded demo's in-process layer, which
    another thread must not write to) nothing is sent: the ``Reload`` event alone resyncs there."""
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return
    message: ResyncRequest = {"type": "live.resync_request", "server": server}
    async_to_sync(layer.group_send)(GROUP_RESYNC, dict(message))


def resync_after_reload(server: str, modules: list[str]) -> None:
    """The configuration apply's reload listener: a node whose app_queue (or res_pjsip: trunks and their
    registrations) was reloaded is re-read.

    The bridge normally sees the ``Reload`` event too; this also covers a bridge whose AMI user does not
    read the ``system`` class; arriving close together, both make one resync."""
    if any(module.strip().lower() in _QUEUE_RELOADS | _PJSIP_RELOADS for module in modules):
        request_resync(server)
