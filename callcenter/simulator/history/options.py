"""What a history run is asked for and what it gives back: shifts, the days' shape, recorded calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ShiftMember:
    """One dynamic membership an agent logs in to at the start of each shift."""

    queue: str
    interface: str
    member_name: str
    penalty: int
    state_interface: str


@dataclass(frozen=True)
class RecordedCall:
    """A call an agent took in a recorded queue: its RECORDING line names ``path``."""

    callid: str
    queue: str
    path: Path
    talk_s: int


@dataclass
class HistoryOptions:
    """The shape of the past days; every draw comes from one seeded generator."""

    timezone: str = "Europe/Moscow"
    # Peak arrivals per hour on a weekday; weekends get ``weekend_share`` of it.
    calls_per_hour: float = 200.0
    weekend_share: float = 0.4
    # Relative share of the callers per queue (missing: 1.0).
    queue_weights: dict[str, float] = field(default_factory=dict)
    # Local shift hours (start, end), per kind of day; callers arrive only while the shift is on.
    weekday_hours: tuple[int, int] = (8, 20)
    weekend_hours: tuple[int, int] = (9, 18)
    # Interfaces on duty at weekends (empty: everyone).
    weekend_interfaces: frozenset[str] = frozenset()
    # Minutes an agent logs in around the shift's start (early, late) and out after its end.
    login_spread_min: tuple[float, float] = (-10.0, 15.0)
    logout_spread_min: tuple[float, float] = (0.0, 20.0)
    transfer_share: float = 0.04
    # queue -> the queue its agents transfer callers to.
    transfer_targets: dict[str, str] = field(default_factory=dict)
    # Of the callers still waiting when the offer is played, the share who press 1.
    callback_share: float = 0.3
    callback_queues: frozenset[str] = frozenset()
    recorded_queues: frozenset[str] = frozenset()
    recordings_dir: Path = Path("/var/spool/asterisk/monitor/callcenter")


@dataclass
class HistoryResult:
    """What a run wrote: queue_log lines, calls, and the recordings the calls need."""

    lines: int = 0
    calls: int = 0
    recordings: list[RecordedCall] = field(default_factory=list)


def shift_device(member: ShiftMember) -> str:
    """The device whose use tells whether the agent is on a call."""
    base = member.state_interface
    return base[:-2] if base.startswith("Local/") and base.endswith("/n") else base
