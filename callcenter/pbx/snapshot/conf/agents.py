"""The phones of agents and supervisors, and the agents' pause reasons."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AgentConf:
    """An active agent: their phone, the name queue_log knows them by, and their dynamic queues."""

    extension: str
    member_name: str
    display_name: str
    interface: str
    language: str = "ru"
    secret: str = ""
    dynamic_queues: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class SupervisorConf:
    """A supervisor's own desk phone: the only phones allowed into the spy entry points."""

    username: str
    extension: str
    secret: str = ""


@dataclass
class PauseReasonConf:
    """A pause reason and the number an agent dials after the pause feature code."""

    number: int
    code: str
