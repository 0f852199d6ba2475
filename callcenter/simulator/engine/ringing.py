"""Offering waiting callers to members: the strategy's choice, ring timeouts and retries."""

from __future__ import annotations

from callcenter.simulator.engine.agent_events import agent_event
from callcenter.simulator.engine.attempts import Attempts
from callcenter.simulator.engine.model import Attempt, QueueEntry
from callcenter.simulator.strategies import Candidate, attempt_order, choose, next_cursor


class Ringing(Attempts):
    """app_queue's ring loop: who rings, for how long, and what happens when nobody answers."""

    def kick(self) -> None:
        """Offer waiting callers to available members (autofill: every caller that can ring, rings)."""
        if self._kicking:
            self._kick_again = True
            return
        self._kicking = True
        try:
            self._kick_again = True
            while self._kick_again:
                self._kick_again = False
                for queue in list(self.queues.values()):
                    for entry in list(queue.entries):
                        if entry.done or entry.ringing or entry.connected or entry.retry_timer is not None:
                            continue
                        self._try_ring(entry)
        finally:
            self._kicking = False

    def _try_ring(self, entry: QueueEntry) -> None:
        queue = entry.queue
        strategy = queue.config.strategy
        available = [member for member in queue.members if self.member_available(member, queue)]
        if not available:
            return
        order = attempt_order(strategy, [member.interface for member in queue.members])
        everyone = [
            Candidate(
                key=member.interface,
                position=member.position,
                penalty=member.penalty,
                calls=member.calls,
                last_call=member.last_call,
                order=order[member.interface],
            )
            for member in queue.members
        ]
        free = {member.interface for member in available}
        chosen = choose(
            strategy,
            [candidate for candidate in everyone if candidate.key in free],
            now=self.now(),
            rng=self.rng,
            rrpos=queue.rrpos,
            linpos=entry.linpos,
        )
        if chosen and strategy in ("rrmemory", "rrordered"):
            queue.rrpos = next_cursor(
                strategy, everyone, chosen[0], now=self.now(), rng=self.rng, cursor=queue.rrpos
            )
        elif chosen and strategy == "linear":
            entry.linpos = next_cursor(
                strategy, everyone, chosen[0], now=self.now(), rng=self.rng, cursor=entry.linpos
            )
        immediate: list[Attempt] = []
        for interface in chosen:
            member = queue.member(interface)
            if member is not None:
                attempt = self._ring(entry, member)
                if attempt is not None:
                    immediate.append(attempt)
        if immediate:
            # Everyone is rung first; then the member that picks up at once wins (ringall cancels the rest).
            self._answer(immediate[0])
            return
        if entry.attempts:
            entry.ring_round += 1
            timeout, ring_round = queue.config.timeout, entry.ring_round
            if timeout > 0:
                entry.timers.append(self._later(timeout, lambda: self._ring_timeout(entry, ring_round)))

    def _ring_timeout(self, entry: QueueEntry, ring_round: int) -> None:
        # A timer left from an earlier round (its members already gave up) must not cut the current one short.
        if entry.done or entry.connected is not None or not entry.attempts or ring_round != entry.ring_round:
            return
        queue = entry.queue
        for attempt in list(entry.attempts):
            ring_ms = int((self.now() - attempt.started) * 1000)
            self.emit(
                "AgentRingNoAnswer",
                "agent,all",
                agent_event(entry.chan, attempt.one, queue, attempt.member, ("RingTime", str(ring_ms))),
            )
            self.log(
                entry.chan.uniqueid, queue.name, self.agent_field(attempt.member), "RINGNOANSWER", ring_ms
            )
            self._dial_end(entry.chan, attempt.one, "NOANSWER")
            self._end_attempt(attempt, "CANCEL", log_cancel=False)
        entry.attempts.clear()
        retry = max(queue.config.retry, 0)

        def retry_now() -> None:
            entry.retry_timer = None
            if not entry.done:
                self.kick()

        entry.retry_timer = self._later(retry, retry_now)
        self.kick()
