"""A simulated outbound center on a virtual clock, driven by the real pacing engines.

The center keeps its own records: a call counts as abandoned when the callee answered and no agent was
bridged to it within ``BRIDGE_GRACE_S``, whatever the dialer intended. Callees answer with the given rate
after 4-20 s; the others are busy (2-6 s), congested (1-3 s) or ring out at the ring timeout. Talk times
are exponential around the average handle time; an agent is free again after talk plus wrap-up.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from callcenter.dialer.pacing import (
    BRIDGE_GRACE_S,
    OutcomeWindow,
    PacingEngine,
    PacingState,
    engine_for,
)


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate."""

    mode: str
    agents: int = 20
    answer_rate: float = 0.25
    hours: float = 8.0
    seed: int = 1
    aht_s: float = 180.0
    wrapup_s: float = 0.0
    ring_timeout_s: float = 30.0
    preview_s: float = 10.0
    target_abandon_pct: float = 3.0
    max_dial_ratio: float = 3.0
    tick_s: float = 1.0
    # An optional change of the answer rate during the day, e.g. 0.15 from hour 4.
    answer_rate_after: float | None = None
    shift_at_hour: float | None = None


@dataclass
class SimulationResult:
    """The center's own count of what happened."""

    dialed: int = 0
    answered: int = 0
    abandoned: int = 0
    abandon_rate_pct: float = 0.0
    talk_min_per_agent_hour: float = 0.0
    agent_occupancy_pct: float = 0.0
    # Answered calls that reached an agent within the grace period (not part of the printed figures).
    bridged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "dialed": self.dialed,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "abandon_rate_pct": round(self.abandon_rate_pct, 2),
            "talk_min_per_agent_hour": round(self.talk_min_per_agent_hour, 2),
            "agent_occupancy_pct": round(self.agent_occupancy_pct, 2),
        }


@dataclass
class _Call:
    dialed_at: float
    agent: int | None = None  # preview calls belong to the agent who dialled them
    answered_at: float | None = None


@dataclass
class _Center:
    config: SimulationConfig
    rng: random.Random
    free_agents: deque[int] = field(default_factory=deque)
    busy: int = 0
    ringing: dict[int, _Call] = field(default_factory=dict)
    waiting: deque[tuple[int, _Call]] = field(default_factory=deque)
    events: list[tuple[float, int, str, int]] = field(default_factory=list)
    calls: dict[int, _Call] = field(default_factory=dict)
    talk_s: float = 0.0
    handle_s: float = 0.0
    handles: dict[int, float] = field(default_factory=dict)
    result: SimulationResult = field(default_factory=SimulationResult)
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    def schedule(self, at: float, kind: str, ref: int) -> None:
        heapq.heappush(self.events, (at, next(self._seq), kind, ref))

    def answer_rate(self, now: float) -> float:
        cfg = self.config
        if (
            cfg.answer_rate_after is not None
            and cfg.shift_at_hour is not None
            and now >= cfg.shift_at_hour * 3600
        ):
            return cfg.answer_rate_after
        return cfg.answer_rate

    def dial(self, now: float, agent: int | None = None) -> None:
        call_id = next(self._seq)
        call = _Call(dialed_at=now, agent=agent)
        self.calls[call_id] = call
        self.ringing[call_id] = call
        self.result.dialed += 1
        roll = self.rng.random()
        if roll < self.answer_rate(now):
            self.schedule(now + self.rng.uniform(4.0, 20.0), "answer", call_id)
        else:
            fail = self.rng.random()
            if fail < 0.2:
                delay = self.rng.uniform(2.0, 6.0)
            elif fail < 0.25:
                delay = self.rng.uniform(1.0, 3.0)
            else:
                delay = self.config.ring_timeout_s
            self.schedule(now + delay, "fail", call_id)

    def start_talk(self, now: float, agent: int) -> None:
        self.result.bridged += 1
        talk = self.rng.expovariate(1.0 / max(1.0, self.config.aht_s - self.config.wrapup_s))
        handle = talk + self.config.wrapup_s
        self.busy += 1
        self.handles[agent] = handle
        # Only the part of the day that was simulated counts toward the per-hour figures.
        day_left = max(0.0, self.config.hours * 3600.0 - now)
        self.talk_s += min(talk, day_left)
        self.handle_s += min(handle, day_left)
        self.schedule(now + handle, "agent_free", agent)


def simulate(config: SimulationConfig, engine: PacingEngine | None = None) -> SimulationResult:
    """Run one simulated day and return the center's own counts (``engine`` defaults to the mode's)."""
    rng = random.Random(config.seed)  # noqa: S311  (a reproducible simulation, not a secret)
    center = _Center(config=config, rng=rng)
    center.free_agents.extend(range(config.agents))
    engine = engine or engine_for(config.mode)
    window = OutcomeWindow()
    end = config.hours * 3600.0
    previewing: set[int] = set()
    center.schedule(0.0, "tick", 0)

    def agent_freed(now: float, agent: int) -> None:
        # The oldest answered call still inside its grace period gets the agent.
        while center.waiting:
            _call_id, call = center.waiting.popleft()
            if call.answered_at is not None and now - call.answered_at <= BRIDGE_GRACE_S:
                center.start_talk(now, agent)
                return
            # Past its grace period: it was abandoned, whatever reaches it now.
            center.result.abandoned += 1
            window.record_abandon(now)
        center.free_agents.append(agent)

    while center.events:
        now, _, kind, ref = heapq.heappop(center.events)
        if now > end and kind == "tick":
            continue
        if kind == "tick":
            free = len(center.free_agents)
            state = PacingState(
                now=now,
                agents_logged_in=config.agents,
                agents_free=free,
                agents_busy=center.busy,
                ringing_ages_s=tuple(
                    now - call.dialed_at for call in center.ringing.values() if call.agent is None
                ),
                waiting_calls=len(center.waiting),
                stats=window.snapshot(now),
                target_abandon_pct=config.target_abandon_pct,
                max_dial_ratio=config.max_dial_ratio,
            )
            if config.mode == "preview":
                # The agent reads the lead, then clicks: the call is theirs alone.
                for _ in range(min(engine.decide(state), free)):
                    agent = center.free_agents.popleft()
                    previewing.add(agent)
                    center.schedule(now + config.preview_s, "preview_dial", agent)
            else:
                for _ in range(engine.decide(state)):
                    center.dial(now)
            center.schedule(now + config.tick_s, "tick", 0)
        elif kind == "preview_dial":
            previewing.discard(ref)
            center.dial(now, agent=ref)
        elif kind == "answer":
            call = center.ringing.pop(ref)
            call.answered_at = now
            center.result.answered += 1
            window.record_answer(now, now - call.dialed_at)
            if call.agent is not None:
                center.start_talk(now, call.agent)
            elif center.free_agents:
                center.start_talk(now, center.free_agents.popleft())
            else:
                center.waiting.append((ref, call))
                center.schedule(now + BRIDGE_GRACE_S, "grace_over", ref)
        elif kind == "grace_over":
            for index, (call_id, _call) in enumerate(center.waiting):
                if call_id == ref:
                    del center.waiting[index]
                    center.result.abandoned += 1
                    window.record_abandon(now)
                    break
        elif kind == "fail":
            call = center.ringing.pop(ref)
            window.record_failure(now, now - call.dialed_at)
            if call.agent is not None:
                # A preview agent whose call failed is free for the next lead.
                center.free_agents.append(call.agent)
        elif kind == "agent_free":
            center.busy -= 1
            window.record_handle(center.handles.pop(ref))
            agent_freed(now, ref)
    result = center.result
    agent_hours = config.agents * config.hours
    result.abandon_rate_pct = 100.0 * result.abandoned / result.answered if result.answered else 0.0
    result.talk_min_per_agent_hour = center.talk_s / 60.0 / agent_hours if agent_hours else 0.0
    result.agent_occupancy_pct = 100.0 * center.handle_s / (agent_hours * 3600.0) if agent_hours else 0.0
    return result
