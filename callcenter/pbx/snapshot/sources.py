"""Registration points for the parts of a snapshot held by apps above pbx.

The agents app sits above pbx (its memberships point at pbx's queues), so pbx never imports it. In its
``AppConfig.ready()`` it registers a collector, which adds the agents, their static queue members and
the pause reasons to a snapshot, and a phone source, which names the agents' PJSIP phones that need a
SIP password (``ensure_phone_accounts``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.conf.queues import QueueConf

Collector = Callable[[CenterConf, Mapping[int, QueueConf], Mapping[str, str]], None]
"""Adds to a snapshot, given its queues by primary key and the phones' SIP passwords by extension."""
PhoneSource = Callable[[], Iterable[str]]
"""The extensions of the PJSIP phones that must have a phone account."""

_collectors: list[Collector] = []
_phone_sources: list[PhoneSource] = []


def register_collector(collector: Collector) -> None:
    """Add ``collector`` to every snapshot read from the database; registered once."""
    if collector not in _collectors:
        _collectors.append(collector)


def register_phone_source(source: PhoneSource) -> None:
    """Give the phones ``source`` names a phone account before each render; registered once."""
    if source not in _phone_sources:
        _phone_sources.append(source)


def collectors() -> list[Collector]:
    return list(_collectors)


def phone_sources() -> list[PhoneSource]:
    return list(_phone_sources)
