"""What every part of the engine shares: its state, the clock, event sinks and queue_log, (re)loading queues."""

from __future__ import annotations

import random
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable

from callcenter.simulator.channels import Channel, Headers
from callcenter.simulator.clock import Clock, TimerHandle
from callcenter.simulator.config import QueueConfig
from callcenter.simulator.engine.model import (
    Attempt,
    EventSink,
    LocalCall,
    Queue,
    QueueEntry,
    QueueMember,
    SpySession,
)
from callcenter.simulator.queue_log import QueueLogWriter


class EngineState(ABC):
    """The simulated Asterisk's state and plumbing; the concerns built on it call each other through it."""

    def __init__(
        self,
        clock: Clock,
        queues: list[QueueConfig],
        *,
        queue_log: QueueLogWriter | None = None,
        seed: int = 0,
        varset: bool = False,
        outbound_rates: dict[str, float] | None = None,
    ) -> None:
        self.clock = clock
        self.rng = random.Random(seed)  # noqa: S311 - simulation draws, not security
        self.varset = varset
        self.queue_log = queue_log or QueueLogWriter(None)
        self.sinks: list[EventSink] = []
        self.queue_log_listeners: list[Callable[[str], None]] = []
        self.completion_listeners: list[Callable[[QueueEntry, QueueMember, str], None]] = []
        self.channels: dict[str, Channel] = {}
        self.queues: dict[str, Queue] = {}
        self.device_use: dict[str, int] = {}
        self.unavailable_devices: set[str] = set()
        self.local_calls: dict[str, LocalCall] = {}
        self.entries_by_channel: dict[str, QueueEntry] = {}
        self.attempts_by_channel: dict[str, Attempt] = {}
        self.spies: list[SpySession] = []
        self.started = clock.now()
        self.last_reload = self.started
        self.outbound_rates = outbound_rates or {
            "answer": 0.6,
            "busy": 0.1,
            "noanswer": 0.25,
            "congestion": 0.05,
        }
        # How long a rung member takes to answer (None: never). The recorded dialplan's agents answer at
        # once and its agents-noanswer context rings forever; the workload replaces this with its draws.
        self.answer_delay: Callable[[QueueMember], float | None] = lambda member: (
            None if "@agents-noanswer" in member.interface else 0.0
        )
        self._uid_seq = 0
        self._local_seq = 0
        self._kicking = False
        self._kick_again = False
        self._avail_published: dict[str, str] = {}
        self.device_states: dict[str, str] = {}
        self.ringing_devices: dict[str, int] = {}
        self.processed_calls = 0
        self.load_queues(queues, keep_members=False)

    # ------------------------------------------------------------------ plumbing
    def now(self) -> float:
        return self.clock.now()

    def emit(self, name: str, privilege: str, headers: Headers) -> None:
        for sink in self.sinks:
            sink(name, privilege, headers)

    def log(self, callid: str, queue: str, agent: str, verb: str, *data: object) -> str:
        line = self.queue_log.write(self.now(), callid, queue, agent, verb, *data)
        for listener in self.queue_log_listeners:
            listener(line)
        return line

    def _later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        return self.clock.call_later(delay, callback)

    def _uniqueid(self) -> str:
        uid = f"{int(self.now())}.{self._uid_seq}"
        self._uid_seq += 1
        return uid

    def _bridge_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    @staticmethod
    def _cancel(timers: list[TimerHandle]) -> None:
        for timer in timers:
            timer.cancel()
        timers.clear()

    def restart(self) -> None:
        """A PBX restart: every call is gone, Uniqueids start from a new epoch, members are reloaded."""
        for channel in list(self.channels.values()):
            channel.hung_up = True
        self._stop_timers()
        self.channels.clear()
        self.local_calls.clear()
        self.entries_by_channel.clear()
        self.attempts_by_channel.clear()
        self.spies.clear()
        self.device_use.clear()
        self.ringing_devices.clear()
        configs = [queue.config for queue in self.queues.values()]
        for queue in self.queues.values():
            queue.entries.clear()
        self.queues.clear()
        self.started = self.now()
        self.last_reload = self.started
        self._uid_seq = 0
        self._local_seq = 0
        self._avail_published.clear()
        self.load_queues(configs, keep_members=False)

    def _close_entry(self, entry: QueueEntry) -> None:
        """The caller is done with Queue(): its wait, patience and retry timers stop."""
        entry.done = True
        self._cancel(entry.timers)
        for timer in (entry.retry_timer, entry.phone_timer):
            if timer is not None:
                timer.cancel()

    def _forget_local_call(self, call: LocalCall) -> None:
        """Both legs of a Local channel pair leave the live calls."""
        self.local_calls.pop(call.one.name, None)
        self.local_calls.pop(call.two.name, None)

    def _stop_timers(self) -> None:
        """Every call's pending steps (talk, patience, ringing, retries, dialer outcomes) die with the PBX."""
        entries = {*self.entries_by_channel.values()}
        entries.update(entry for queue in self.queues.values() for entry in queue.entries)
        for entry in entries:
            self._close_entry(entry)
            for attempt in entry.attempts:
                self._cancel(attempt.timers)
        for call in {*self.local_calls.values()}:
            self._cancel(call.timers)

    # ------------------------------------------------------------------ configuration
    def load_queues(self, configs: list[QueueConfig], *, keep_members: bool = True) -> None:
        """(Re)load queues.conf: static members follow the file; dynamic members survive a reload."""
        now = self.now()
        fresh: dict[str, Queue] = {}
        for config in configs:
            old = self.queues.get(config.name)
            queue = old or Queue(config=config)
            queue.config = config
            previous = {member.interface: member for member in (old.members if old else [])}
            members: list[QueueMember] = []
            for position, member_config in enumerate(config.members):
                member = previous.pop(member_config.interface, None) if keep_members else None
                if member is None:
                    member = QueueMember(
                        interface=member_config.interface,
                        name=member_config.name,
                        state_interface=member_config.state_interface,
                        penalty=member_config.penalty,
                        dynamic=False,
                        login_time=now,
                        position=position,
                    )
                member.name = member_config.name
                member.penalty = member_config.penalty
                member.position = position
                member.dynamic = False
                members.append(member)
            for member in previous.values():
                if member.dynamic:
                    member.position = len(members)
                    members.append(member)
            queue.members = members
            fresh[config.name] = queue
        self.queues = fresh
        self.last_reload = now

    # ------------------------------------------------------------------ calls across concerns
    @abstractmethod
    def kick(self) -> None:
        """Offer waiting callers to available members (ringing)."""

    @abstractmethod
    def _answer(self, attempt: Attempt) -> None:
        """A rung member picks up (answering)."""

    @abstractmethod
    def _end_attempt(self, attempt: Attempt, dial_status: str, *, log_cancel: bool) -> None:
        """Stop ringing one member for one caller (ringing)."""

    @abstractmethod
    def _complete(
        self,
        entry: QueueEntry,
        *,
        by_caller: bool,
        transfer: tuple[str, str, str] | None = None,
        keep_caller: bool = False,
    ) -> None:
        """End a connected queue call (completion)."""
