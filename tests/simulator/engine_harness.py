"""A real Engine on a manual clock, fed with an inline queues.conf, recording what it emits."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.simulator.channels import Headers
from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import parse_queues_conf
from callcenter.simulator.engine import Engine, OriginateRequest

GENERAL = "[general]\nautofill = yes\n\n[t](!)\ntimeout = 15\nretry = 1\nringinuse = no\njoinempty = yes\n\n"


@dataclass
class Harness:
    """An Engine with everything it emitted and logged, and helpers to drive it."""

    engine: Engine
    clock: ManualClock
    events: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    callers: int = 0

    def named(self, event: str) -> list[dict[str, str]]:
        return [headers for name, headers in self.events if name == event]

    def called(self) -> list[str]:
        return [headers["MemberName"] for headers in self.named("AgentCalled")]

    def verbs(self) -> list[str]:
        return [line.split("|")[4] for line in self.lines]

    def call(self, queue: str, *, talk: float = 10, patience: float = 3600, variables: str = "") -> None:
        """A caller as the recordings make them: Originate Local/<queue>@queue-entry running Wait(patience)."""
        self.callers += 1
        pairs = [("__AGENT_TALK", str(talk))]
        if variables:
            key, _, value = variables.partition("=")
            pairs.append((key, value))
        self.engine.originate(
            OriginateRequest(
                channel=f"Local/{queue}@queue-entry",
                application="Wait",
                data=str(patience),
                callerid=f'"Caller {self.callers}" <55500{self.callers:02d}>',
                variables=pairs,
            )
        )

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def assert_rings_again_after(self, seconds: float, margin: float) -> None:
        """The member rung once so far is rung a second time ``seconds`` from now: not ``margin`` before,
        but by ``margin`` after."""
        self.advance(seconds - margin)
        assert len(self.named("AgentCalled")) == 1
        self.advance(2 * margin)
        assert len(self.named("AgentCalled")) == 2


def harness(queues_conf: str, *, seed: int = 3) -> Harness:
    clock = ManualClock(1_795_355_835.0)
    engine = Engine(clock, parse_queues_conf(GENERAL + queues_conf), seed=seed)
    result = Harness(engine=engine, clock=clock)

    def sink(name: str, privilege: str, headers: Headers) -> None:
        result.events.append((name, dict(headers)))

    engine.sinks.append(sink)
    engine.queue_log_listeners.append(result.lines.append)
    return result


def members(*names: str, penalties: tuple[int, ...] = ()) -> str:
    rows = []
    for index, name in enumerate(names):
        penalty = penalties[index] if index < len(penalties) else 0
        rows.append(f"member => Local/{name}@agents/n,{penalty},Agent {name}")
    return "\n".join(rows) + "\n"
