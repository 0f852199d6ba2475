"""Queues and their static members, as queues.conf and the queues' entry contexts render them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MemberConf:
    """A static queue member line."""

    interface: str
    penalty: int
    member_name: str


@dataclass
class QueueConf:
    """One queue with every option queues.conf and the queue's entry context need."""

    name: str
    strategy: str = "rrmemory"
    timeout: int = 15
    retry: int = 5
    wrapuptime: int = 0
    maxlen: int = 0
    max_wait: int = 0
    service_level: int = 20
    weight: int = 0
    joinempty: str = "yes"
    leavewhenempty: str = "no"
    ringinuse: bool = False
    announce_position: str = "no"
    announce_holdtime: str = "no"
    announce_frequency: int = 0
    announce_round_seconds: int = 0
    periodic_announce: str = ""
    periodic_announce_frequency: int = 0
    music_class: str = "default"
    exit_context: str = ""
    recording: str = "none"
    survey_enabled: bool = False
    callback_enabled: bool = False
    members: list[MemberConf] = field(default_factory=list)
