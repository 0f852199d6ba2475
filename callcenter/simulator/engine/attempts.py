"""Ringing one member for one waiting caller: its leg(s), AgentCalled, ringing, and the end of the attempt."""

from __future__ import annotations

import dataclasses

from callcenter.simulator.channels import STATE_DOWN, STATE_RINGING, Channel
from callcenter.simulator.engine.agent_events import agent_event
from callcenter.simulator.engine.constants import DEVICE_CONTEXT, DIALER_AUTO_ANSWER_S
from callcenter.simulator.engine.members import Members
from callcenter.simulator.engine.model import Attempt, QueueEntry, QueueMember


class Attempts(Members):
    """A Local member rings as a Local pair (s01, s03), a phone member as one channel."""

    def _ring(self, entry: QueueEntry, member: QueueMember) -> Attempt | None:
        """Start ringing ``member``; returns the attempt when the member answers at once."""
        chan = entry.chan
        interface = member.interface
        if not interface.startswith("Local/"):
            return self._ring_device(entry, member)
        target = interface[len("Local/") :]
        target = target[:-2] if target.endswith("/n") else target
        exten, _, context = target.partition("@")
        one, two = self._new_local_pair(exten, context or "agents", linkedid=chan.linkedid)
        one.role = two.role = "agent"
        attempt = self._new_attempt(entry, member, one, two)
        one.cid_num, one.cid_name = chan.cid_num, chan.cid_name
        self._newexten(one, "AppQueue", "(Outgoing Line)")
        self._new_callerid(one)
        inherited = [(key, value) for key, value in chan.variables.items() if key in ("AGENT_TALK",)]
        for key, value in inherited:
            self._setvar(one, f"__{key}", value)
        dialed = f"{exten}@{context}/n" if interface.endswith("/n") else target
        self._setvar(one, "DIALEDPEERNUMBER", dialed)
        self._setvar(two, "DIALEDPEERNUMBER", dialed)
        for key, value in inherited:
            self._setvar(two, f"__{key}", value)
        self._set_caller(two, chan.cid_num, chan.cid_name, connected=True)
        self._new_callerid(two)
        self._new_connected_line(two)
        self._local_bridge(one, two, optimization=False)
        return self._call_member(attempt)

    def _ring_device(self, entry: QueueEntry, member: QueueMember) -> Attempt | None:
        """Ring a member that is a phone (PJSIP/1001): one outgoing channel, no Local pair."""
        chan = entry.chan
        tag = f"{self._local_seq:08x}"
        self._local_seq += 1
        one = self._new_channel(
            f"{member.interface}-{tag}", DEVICE_CONTEXT, chan.exten, state=STATE_DOWN, linkedid=chan.linkedid
        )
        one.role = "agent"
        attempt = self._new_attempt(entry, member, one, one)
        self._set_caller(one, chan.cid_num, chan.cid_name, connected=False)
        self._new_callerid(one)
        self._setvar(one, "DIALEDPEERNUMBER", member.interface.split("/", 1)[-1])
        return self._call_member(attempt)

    def _new_attempt(self, entry: QueueEntry, member: QueueMember, one: Channel, two: Channel) -> Attempt:
        """Register a member's outgoing leg(s) as ringing for ``entry``; the member's device is in use."""
        attempt = Attempt(entry=entry, member=member, one=one, two=two, started=self.now())
        entry.attempts.append(attempt)
        self.attempts_by_channel[one.name] = self.attempts_by_channel[two.name] = attempt
        self.device_use[member.device] = self.device_use.get(member.device, 0) + 1
        return attempt

    def _call_member(self, attempt: Attempt) -> Attempt | None:
        """AgentCalled and DialBegin, then ringing until the member answers; the attempt when it answers at once."""
        entry, member, one = attempt.entry, attempt.member, attempt.one
        chan, queue = entry.chan, entry.queue
        # AgentCalled shows the member leg as app_queue's snapshot has it: the queue as exten, the caller connected.
        called = dataclasses.replace(one, exten=queue.name, conn_num=chan.cid_num, conn_name=chan.cid_name)
        self.emit(
            "AgentCalled",
            "agent,all",
            agent_event(chan, called, queue, member),
        )
        self._dial_begin(chan, one, member.interface)
        delay = self._ring_time(entry, member)
        if delay is not None and delay <= 0:
            return attempt
        self._show_ringing(attempt)
        if delay is not None:
            attempt.timers.append(self._later(delay, lambda: self._answer(attempt)))
        return None

    def _ring_time(self, entry: QueueEntry, member: QueueMember) -> float | None:
        """How long the member's phone rings before it answers (None: never). Agents' phones auto-answer
        dialer calls (docs/pbx-config.md), since the answered contact has only 2 s to reach an agent."""
        delay = self.answer_delay(member)
        if delay is not None and entry.chan.variables.get("ATTEMPT_ID"):
            return min(delay, DIALER_AUTO_ANSWER_S)
        return delay

    def _show_ringing(self, attempt: Attempt) -> None:
        if attempt.ringing_shown:
            return
        attempt.ringing_shown = True
        one, two, entry = attempt.one, attempt.two, attempt.entry
        if one is two:
            device = attempt.member.device
            self.ringing_devices[device] = self.ringing_devices.get(device, 0) + 1
            self._newstate(one, STATE_RINGING)
            self._dial_state(entry.chan, one, "RINGING")
            self._device_state(device, "RINGING")
            self._member_status_event(device)
            self._avail_state(entry.queue)
            return
        self._newexten(two, "NoOp", f"Agent {two.exten} rings")
        self._newexten(two, "Ringing", "", priority=2)
        one.exten = entry.queue.name
        self._newstate(one, STATE_RINGING)
        self._newexten(one, "AppQueue", "(Outgoing Line)")
        one.conn_num, one.conn_name = entry.chan.cid_num, entry.chan.cid_name
        self._new_connected_line(one)
        self._newexten(two, "Wait", "60", priority=3)
        self._dial_state(entry.chan, one, "RINGING")
        self._member_status_event(attempt.member.device)
        self._avail_state(entry.queue)
        self._device_state(attempt.member.device, "INUSE")

    def _end_attempt(self, attempt: Attempt, dial_status: str, *, log_cancel: bool) -> None:
        entry, member = attempt.entry, attempt.member
        self._cancel(attempt.timers)
        if attempt in entry.attempts:
            entry.attempts.remove(attempt)
        if log_cancel:
            ring_ms = int((self.now() - attempt.started) * 1000)
            self.log(entry.chan.uniqueid, entry.queue.name, self.agent_field(member), "RINGCANCELED", ring_ms)
        self._dial_end(entry.chan, attempt.one, dial_status)
        self._stop_device_ringing(attempt)
        if attempt.two is not attempt.one:
            self._hangup_request(attempt.two, 0)
            self._hangup_request(attempt.two, 16, soft=True)
            self._hangup(attempt.two, 0)
        self._hangup(attempt.one, 0)
        self._release_device(member)
        self._device_state(member.device, "NOT_INUSE")
        if attempt.two is not attempt.one:
            self._device_state(member.device, "NOT_INUSE")
        self._member_status_event(member.device, avail=True)
        self.attempts_by_channel.pop(attempt.one.name, None)
        self.attempts_by_channel.pop(attempt.two.name, None)

    def _stop_device_ringing(self, attempt: Attempt) -> None:
        if attempt.one is attempt.two and attempt.ringing_shown:
            device = attempt.member.device
            count = self.ringing_devices.get(device, 0) - 1
            if count > 0:
                self.ringing_devices[device] = count
            else:
                self.ringing_devices.pop(device, None)
