"""Dialer pacing benchmark: predictive against progressive (and preview) on a simulated 8-hour day.

    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.dialer

20 agents, 25 % answer rate, AHT 180 s (talk only, no wrap-up), target abandon 3 %, seeds 1-5; then the same
day with the answer rate dropping to 15 % (and, as a harder case, rising from 15 % to 30 %) at hour 4.
The figures are the simulated center's own counts (``callcenter.dialer.simulation``).
"""

from __future__ import annotations

import statistics
import time

from callcenter.dialer.simulation import SimulationConfig, simulate

SEEDS = (1, 2, 3, 4, 5)
SCENARIOS = {
    "steady 25 %": {},
    "25 % -> 15 % at h4": {"answer_rate_after": 0.15, "shift_at_hour": 4.0},
    "15 % -> 30 % at h4": {"answer_rate": 0.15, "answer_rate_after": 0.30, "shift_at_hour": 4.0},
}
MODES = ("preview", "progressive", "predictive")


def main() -> None:
    print(
        f"{'scenario':<20} {'mode':<12} {'abandon % (max)':>16} {'talk min/agent-h (min)':>23} "
        f"{'occupancy %':>12} {'dialed':>7} {'s/day':>6}"
    )
    goal_met = True
    for scenario, overrides in SCENARIOS.items():
        for mode in MODES:
            results = []
            started = time.perf_counter()
            for seed in SEEDS:
                config = SimulationConfig(
                    mode=mode,
                    agents=20,
                    hours=8.0,
                    seed=seed,
                    aht_s=180.0,
                    **{"answer_rate": 0.25, **overrides},
                )
                results.append(simulate(config))
            per_day = (time.perf_counter() - started) / len(SEEDS)
            abandon = [r.abandon_rate_pct for r in results]
            talk = [r.talk_min_per_agent_hour for r in results]
            occupancy = statistics.mean(r.agent_occupancy_pct for r in results)
            dialed = statistics.mean(r.dialed for r in results)
            print(
                f"{scenario:<20} {mode:<12} {statistics.mean(abandon):>8.2f} ({max(abandon):.2f}) "
                f"{statistics.mean(talk):>14.1f} ({min(talk):.1f}) {occupancy:>12.1f} {dialed:>7.0f} "
                f"{per_day:>6.2f}"
            )
            if mode == "predictive":
                goal_met &= max(abandon) <= 3.0
                if scenario == "steady 25 %":
                    goal_met &= min(talk) >= 50.0
    print(
        "goal (predictive <= 3.0 % abandon on every day, >= 50 talk min/agent-hour at a steady 25 %):",
        "met" if goal_met else "NOT met",
    )


if __name__ == "__main__":
    main()
