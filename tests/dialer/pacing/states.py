"""Pacing states of a measured campaign: the steady input the engines' tests vary one field of."""

from __future__ import annotations

from typing import Any

from callcenter.dialer.pacing import CallStats, PacingState


def measured(answer_rate: float = 0.25, *, abandon_pct: float = 0.0, answered: int = 400) -> CallStats:
    """Stats of 1000 measured dials: answers after 4-20 s, failures after 2-30 s; the abandon rates rest
    on ``answered`` answered calls."""
    answers = int(1000 * answer_rate)
    return CallStats(
        samples=1000,
        answer_rate=answer_rate,
        mean_answer_delay_s=12.0,
        aht_s=180.0,
        rolling_abandon_pct=abandon_pct,
        rolling_answered=answered,
        day_abandon_pct=abandon_pct,
        day_answered=answered,
        answer_delays=tuple(sorted(4 + 16 * i / answers for i in range(answers))),
        failure_delays=tuple(sorted(2 + 28 * i / (1000 - answers) for i in range(1000 - answers))),
    )


def state(**overrides: Any) -> PacingState:
    """20 agents signed in, 5 free, nothing ringing or waiting, ``measured()`` stats; ``overrides`` replace
    any of these."""
    values: dict[str, Any] = {
        "now": 10_000.0,
        "agents_logged_in": 20,
        "agents_free": 5,
        "agents_busy": 15,
        "ringing_ages_s": (),
        "waiting_calls": 0,
        "stats": measured(),
    }
    values.update(overrides)
    return PacingState(**values)
