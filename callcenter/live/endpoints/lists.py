"""The PJSIP lists the resync reads: contacts (with the trunks' static ones) and outbound registrations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from callcenter.ami.errors import AMIActionError
from callcenter.ami.protocol import Message
from callcenter.live.endpoints.statuses import PJSIP_PREFIX

_NO_CONTACTS = "No Contacts found"  # PJSIPShowContacts' error when there is none: an empty list


@dataclass(frozen=True)
class EndpointLists:
    """What the resync read: the contacts and registrations lists (None: the node has no PJSIP) and the
    events that arrived while they were being read."""

    contacts: list[Message] | None
    registrations: list[Message] | None
    during: list[Message]


class ListClient(Protocol):
    async def action_list(
        self, name: str, headers: Mapping[str, str] | None = None, *, timeout: float | None = None
    ) -> tuple[Message, list[Message]]: ...


async def read_lists(
    client: ListClient, windows: list[list[Message]], timeout: float, trunks: Iterable[str] = ()
) -> EndpointLists:
    """Ask ``PJSIPShowContacts``, ``PJSIPShowEndpoint`` of each of the node's ``trunks`` (their static
    contacts) and ``PJSIPShowRegistrationsOutbound``; the events applied meanwhile are collected in a
    window of their own (``windows`` is the bridge's list of open windows)."""
    during: list[Message] = []
    windows.append(during)
    try:
        contacts = await _list(client, "PJSIPShowContacts", timeout)
        if contacts is not None:
            for trunk in sorted(set(trunks)):
                details = await _list(client, "PJSIPShowEndpoint", timeout, {"Endpoint": trunk})
                contacts += [m for m in details or () if m.event == "ContactStatusDetail"]
        registrations = await _list(client, "PJSIPShowRegistrationsOutbound", timeout)
    finally:
        windows.remove(during)
    return EndpointLists(contacts, registrations, during)


async def _list(
    client: ListClient, action: str, timeout: float, headers: Mapping[str, str] | None = None
) -> list[Message] | None:
    try:
        _, events = await client.action_list(action, headers, timeout=timeout)
    except AMIActionError as exc:
        # "No Contacts found" is an empty list; anything else (an unknown action, an endpoint that is not
        # loaded) means nothing of it here.
        return [] if _NO_CONTACTS.lower() in exc.message.lower() else None
    return events


def trunk_names(trunks: Mapping[str, str]) -> frozenset[str]:
    """The PJSIP endpoints of the node's trunks, from the live state's ``{device: trunk}``."""
    return frozenset(trunk for device, trunk in trunks.items() if device.startswith(PJSIP_PREFIX))
