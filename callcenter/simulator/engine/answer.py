"""A rung member answers: the other members stop ringing and the caller is bridged to the member."""

from __future__ import annotations

from callcenter.simulator.channels import STATE_UP, Bridge, snapshot
from callcenter.simulator.engine.agent_events import agent_event
from callcenter.simulator.engine.model import Attempt
from callcenter.simulator.engine.queue_leave import QueueLeaving
from callcenter.simulator.engine.ringing import Ringing
from callcenter.simulator.engine.values import seconds_between


class Answering(Ringing, QueueLeaving):
    """AgentConnect and the bridge, in the order of s01 (answered at once) or s03 (answered after ringing)."""

    def _answer(self, attempt: Attempt) -> None:
        entry = attempt.entry
        if entry.done or entry.connected is not None or attempt not in entry.attempts:
            return
        self._cancel(attempt.timers)
        self._pick_up(attempt)
        self._stop_waiting(attempt)
        now = self.now()
        hold = seconds_between(entry.joined, now)
        ring = seconds_between(attempt.started, now)
        self._connected_vars(attempt, hold)
        self._connect(attempt, hold, ring, now)
        if entry.caller_ends_call is None:
            entry.timers.append(self._later(entry.talk, lambda: self._complete(entry, by_caller=False)))
        else:
            by_caller = entry.caller_ends_call
            entry.timers.append(self._later(entry.talk, lambda: self._complete(entry, by_caller=by_caller)))
        self.kick()

    def _pick_up(self, attempt: Attempt) -> None:
        """The member's leg(s) go up, as a phone, a ringing Local (s03) or a Local answering at once (s01)."""
        entry, member, one, two = attempt.entry, attempt.member, attempt.one, attempt.two
        queue, chan = entry.queue, entry.chan
        if one is two:
            # A phone answers: its one channel goes up (no Local ;2 leg running a dialplan).
            self._stop_device_ringing(attempt)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            one.conn_num, one.conn_name = chan.cid_num, chan.cid_name
            self._new_connected_line(one)
            self._device_state(member.device, "INUSE")
            self._member_status_event(member.device)
            self._avail_state(queue)
        elif attempt.ringing_shown:
            # s03's second half: the ringing Local member answers.
            self._newexten(two, "Answer", "", priority=2)
            self._newstate(two, STATE_UP)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            self._device_state(member.device, "INUSE")
        else:
            # s01: the Local member answers at once.
            self._newexten(
                two, "NoOp", f'Agent {two.exten} offered call from "{chan.cid_name}" <{chan.cid_num}>'
            )
            self._newexten(two, "Answer", "", priority=2)
            self._newstate(two, STATE_UP)
            one.exten = queue.name
            self._newstate(one, STATE_UP)
            self._newexten(one, "AppQueue", "(Outgoing Line)")
            one.conn_num, one.conn_name = chan.cid_num, chan.cid_name
            self._new_connected_line(one)
            self._device_state(member.device, "INUSE")
            self._member_status_event(member.device)
            self._avail_state(queue)

    def _stop_waiting(self, attempt: Attempt) -> None:
        """The caller stops waiting: its timers end and the other members rung with it (ringall) stop ringing."""
        entry = attempt.entry
        self._cancel(entry.timers)
        if entry.retry_timer:
            entry.retry_timer.cancel()
            entry.retry_timer = None
        self._dial_end(entry.chan, attempt.one, "ANSWER")
        for other in list(entry.attempts):
            if other is not attempt:
                self._end_attempt(other, "CANCEL", log_cancel=False)
        entry.attempts = []
        self.emit("MusicOnHoldStop", "call,all", snapshot(entry.chan))

    def _connected_vars(self, attempt: Attempt, hold: int) -> None:
        """MEMBER*, QE* and QUEUE* on both legs, as setinterfacevar/setqueueentryvar/setqueuevar ask."""
        if not self.varset:
            return
        entry, member, one = attempt.entry, attempt.member, attempt.one
        queue, chan = entry.queue, entry.chan
        if queue.config.setinterfacevar:
            for target in (chan, one):
                for name, value in (
                    ("MEMBERINTERFACE", member.interface),
                    ("MEMBERNAME", member.name),
                    ("MEMBERCALLS", str(member.calls)),
                    ("MEMBERLASTCALL", str(int(member.last_call))),
                    ("MEMBERPENALTY", str(member.penalty)),
                    ("MEMBERDYNAMIC", "1" if member.dynamic else "0"),
                    ("MEMBERREALTIME", "0"),
                ):
                    self._setvar(target, name, value)
        if queue.config.setqueueentryvar:
            for target in (chan, one):
                self._setvar(target, "QEHOLDTIME", str(hold))
                self._setvar(target, "QEORIGINALPOS", str(entry.opos))
        self._queue_vars(chan, queue)
        self._queue_vars(one, queue)

    def _connect(self, attempt: Attempt, hold: int, ring: int, now: float) -> None:
        """The caller leaves the queue for the member: AgentConnect, CONNECT and the bridge of the two."""
        entry, member, one, two = attempt.entry, attempt.member, attempt.one, attempt.two
        queue, chan = entry.queue, entry.chan
        self._device_state(member.device, "INUSE")
        queue.stats.record_hold(hold)
        self._leave_queue(entry)
        self._setvar(chan, "QUEUEWAIT", str(hold))
        self._setvar(chan, "QUEUEWAIT_MS", str(hold * 1000))
        entry.connected = attempt
        entry.connect_time = now
        member.in_call = True
        self.emit(
            "AgentConnect",
            "agent,all",
            agent_event(chan, one, queue, member, ("HoldTime", str(hold)), ("RingTime", str(ring))),
        )
        self.log(chan.uniqueid, queue.name, self.agent_field(member), "CONNECT", hold, one.uniqueid, ring)
        bridge = Bridge(uniqueid=self._bridge_id())
        entry.bridge = bridge
        self._open_bridge(bridge, one, chan)
        self._setvar(one, "BRIDGEPEER", chan.name)
        self._setvar(chan, "BRIDGEPEER", one.name)
        if one is not two:
            self._newexten(two, "Wait", f"{entry.talk:g}", priority=3)
