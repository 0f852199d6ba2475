"""Generate a month of Asterisk 22 queue_log for a large center, fast, from the simulator's workload model.

Arrivals follow the simulator's hour-of-day profile (callcenter.simulator.workload.DEFAULT_PROFILE) and its
shares (short abandons, ring-no-answer, surveys, caller-ends); agents work shifts, log in and out with
ADDMEMBER/REMOVEMEMBER by interface, take breaks (PAUSE per queue) and lunch (PAUSEALL plus a PAUSE per
queue), exactly the line shapes of the recorded fixtures. Lines are written in time order, day by day.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from callcenter.simulator.workload import DEFAULT_PROFILE, WorkloadOptions

LINES_PER_CALL = 3.2  # measured average of the outcomes below
MEMBER_LINES_PER_AGENT_DAY = 14


@dataclass
class CenterShape:
    """How big the center is and how many lines to aim for."""

    agents: int = 500
    queues: int = 10
    days: int = 30
    lines: int = 10_000_000
    start: datetime = datetime(2026, 10, 1, tzinfo=UTC)
    seed: int = 7


def _agent_queues(index: int, queues: list[str]) -> list[str]:
    return [queues[index % len(queues)], queues[(index + 3) % len(queues)]]


def generate(shape: CenterShape) -> Iterator[str]:
    """Yield queue_log lines (without newline) in time order."""
    rng = random.Random(shape.seed)
    options = WorkloadOptions()
    queues = [f"q{n:02d}" for n in range(shape.queues)]
    agents = [f"Agent {5000 + n}" for n in range(shape.agents)]
    interfaces = [f"PJSIP/{5000 + n}" for n in range(shape.agents)]
    member_queues = [_agent_queues(n, queues) for n in range(shape.agents)]
    per_day = shape.lines / shape.days
    calls_per_day = max(1, int((per_day - MEMBER_LINES_PER_AGENT_DAY * shape.agents) / LINES_PER_CALL))
    profile_total = sum(DEFAULT_PROFILE)
    sequence = 0
    # Three overlapping 8-hour shifts (local 07-15, 11-19, 15-23) and a night crew of 5 %.
    shifts = [(7, 15), (11, 19), (15, 23)]
    for day in range(shape.days):
        day_start = int((shape.start + timedelta(days=day)).timestamp())
        events: list[tuple[int, int, str]] = []

        def add(epoch: int, line: str, events: list[tuple[int, int, str]] = events) -> None:
            nonlocal sequence
            sequence += 1
            events.append((epoch, sequence, f"{epoch}|{line}"))

        add(day_start, "NONE|NONE|NONE|QUEUESTART|")
        on_shift: dict[int, list[int]] = {hour: [] for hour in range(24)}
        for index in range(shape.agents):
            night = index % 20 == 0
            begin, end = (0, 24) if night else shifts[index % len(shifts)]
            for hour in range(begin, end):
                on_shift[hour].append(index)
            login, logout = day_start + begin * 3600 + rng.randint(0, 600), day_start + end * 3600 - 1
            for queue in member_queues[index]:
                add(login, f"MANAGER|{queue}|{interfaces[index]}|ADDMEMBER|")
                add(logout, f"MANAGER|{queue}|{interfaces[index]}|REMOVEMEMBER|")
            # Two breaks in one queue each, a lunch in all queues.
            for _ in range(2):
                start = rng.randint(login + 1800, max(login + 1801, logout - 3600))
                length = int(rng.uniform(*options.break_length))
                queue = member_queues[index][0]
                add(start, f"NONE|{queue}|{agents[index]}|PAUSE|{options.break_reason}")
                add(start + length, f"NONE|{queue}|{agents[index]}|UNPAUSE|")
            lunch = rng.randint(login + 3 * 3600, max(login + 3 * 3600 + 1, logout - 3600))
            lunch_end = lunch + int(rng.uniform(*options.lunch_length))
            add(lunch, f"NONE|NONE|{agents[index]}|PAUSEALL|{options.lunch_reason}")
            add(lunch_end, f"NONE|NONE|{agents[index]}|UNPAUSEALL|")
            for queue in member_queues[index]:
                add(lunch, f"NONE|{queue}|{agents[index]}|PAUSE|{options.lunch_reason}")
                add(lunch_end, f"NONE|{queue}|{agents[index]}|UNPAUSE|")
        rotation = 0
        for hour in range(24):
            count = round(calls_per_day * DEFAULT_PROFILE[hour] / profile_total)
            staff = on_shift[hour] or list(range(shape.agents))
            for _ in range(count):
                enter = day_start + hour * 3600 + rng.randint(0, 3599)
                callid = f"{enter}.{sequence}"
                queue = queues[rng.randrange(len(queues))]
                caller = f"79{rng.randint(100000000, 999999999)}"
                add(enter, f"{callid}|{queue}|NONE|ENTERQUEUE||{caller}|1")
                draw = rng.random()
                if draw < options.short_abandon_share:
                    wait = int(rng.uniform(*options.short_abandon_range))
                    add(enter + wait, f"{callid}|{queue}|NONE|ABANDON|1|1|{wait}")
                    continue
                if draw < options.short_abandon_share + 0.01:
                    add(enter + 300, f"{callid}|{queue}|NONE|EXITWITHTIMEOUT|1|1|300")
                    continue
                if draw < options.short_abandon_share + 0.015:
                    add(enter + 2, f"{callid}|{queue}|NONE|EXITEMPTY|1|1|2")
                    continue
                if draw < options.short_abandon_share + 0.02:
                    wait = rng.randint(5, 60)
                    add(enter + wait, f"{callid}|{queue}|NONE|EXITWITHKEY|0|1|1|{wait}")
                    continue
                rotation += 1
                agent = agents[staff[rotation % len(staff)]]
                wait = min(int(rng.expovariate(1 / 18)), 600)
                ring = int(rng.uniform(*options.ring_range))
                if rng.random() < options.no_answer_share:
                    other = agents[staff[(rotation + 1) % len(staff)]]
                    add(enter + max(wait - 1, 0), f"{callid}|{queue}|{other}|RINGNOANSWER|15000")
                add(enter + wait, f"{callid}|{queue}|{agent}|CONNECT|{wait}|{callid}1|{ring}")
                talk = max(5, int(rng.lognormvariate(0, options.talk_sigma) * options.talk_median))
                end = enter + wait + talk
                outcome = rng.random()
                if outcome < 0.02:
                    add(end, f"{callid}|{queue}|{agent}|BLINDTRANSFER|2000|default|{wait}|{talk}|1")
                elif outcome < 0.03:
                    add(end, f"{callid}|{queue}|{agent}|ATTENDEDTRANSFER|BRIDGE|{callid}b|{wait}|{talk}|1")
                elif outcome < 0.03 + options.caller_ends_share:
                    add(end, f"{callid}|{queue}|{agent}|COMPLETECALLER|{wait}|{talk}|1")
                else:
                    add(end, f"{callid}|{queue}|{agent}|COMPLETEAGENT|{wait}|{talk}|1")
                if rng.random() < options.survey_share:
                    add(
                        end + int(options.survey_delay),
                        f"{callid}|{queue}|{agent}|SURVEY|{rng.randint(1, 5)}",
                    )
        events.sort()
        for _epoch, _seq, line in events:
            yield line


def write(path: Path, shape: CenterShape) -> int:
    """Write the generated lines to ``path``; returns the number of lines."""
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        buffer: list[str] = []
        for line in generate(shape):
            buffer.append(line)
            if len(buffer) >= 100_000:
                handle.write("\n".join(buffer) + "\n")
                count += len(buffer)
                buffer.clear()
        if buffer:
            handle.write("\n".join(buffer) + "\n")
            count += len(buffer)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    count = write(args.out, CenterShape(agents=args.agents, days=args.days, lines=args.lines))
    print(f"wrote {count} lines to {args.out}")


if __name__ == "__main__":
    main()
