"""What a strategy knows about one available member."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """What a strategy needs to know about one available member."""

    key: str
    position: int
    penalty: int
    calls: int
    last_call: float
    order: int = -1  # the member's place in app_queue's list of call attempts (-1: its position)

    @property
    def rank(self) -> int:
        return self.position if self.order < 0 else self.order
