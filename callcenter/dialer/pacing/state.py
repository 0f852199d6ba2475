"""What the engines decide on: a campaign's situation at one instant, and the engine interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from callcenter.dialer.pacing.stats import CallStats

# An answered call has this long to reach an agent before it counts as abandoned.
BRIDGE_GRACE_S = 2.0


@dataclass(frozen=True)
class PacingState:
    """A campaign's situation at one instant."""

    now: float
    agents_logged_in: int
    agents_free: int
    agents_busy: int
    ringing_ages_s: tuple[float, ...]
    waiting_calls: int
    stats: CallStats
    target_abandon_pct: float = 3.0
    max_dial_ratio: float = 3.0
    link_up: bool = True


class PacingEngine(Protocol):
    """Decides how many calls to originate now."""

    name: str

    def decide(self, state: PacingState) -> int: ...


def blocked(state: PacingState) -> bool:
    """No dialing without the AMI link or without a logged-in agent."""
    return not state.link_up or state.agents_logged_in <= 0


def lines_for_free_agents(state: PacingState) -> int:
    """One line per free agent not already covered by a ringing or waiting call; none while blocked."""
    if blocked(state):
        return 0
    return max(0, state.agents_free - len(state.ringing_ages_s) - state.waiting_calls)
