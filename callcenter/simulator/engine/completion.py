"""The end of a connected queue call: counters, AgentComplete, queue_log, the bridge and the legs."""

from __future__ import annotations

from dataclasses import dataclass

from callcenter.simulator.engine.agent_events import agent_event
from callcenter.simulator.engine.members import Members
from callcenter.simulator.engine.model import Attempt, QueueEntry
from callcenter.simulator.engine.queue_leave import QueueLeaving
from callcenter.simulator.engine.values import seconds_between


@dataclass(frozen=True)
class Ending:
    """One connected queue call being ended, and how."""

    entry: QueueEntry
    attempt: Attempt
    hold: int
    talk: int
    by_caller: bool
    # ("blind", exten, context) or ("attended", bridge id, context); None when nobody transfers.
    transfer: tuple[str, str, str] | None
    # The caller leg survives the queue call (a transfer or a Redirect of the caller).
    keep_caller: bool

    @property
    def reason(self) -> str:
        """AgentComplete's Reason."""
        return "transfer" if self.transfer else "caller" if self.by_caller else "agent"


class Completion(Members, QueueLeaving):
    """COMPLETECALLER, COMPLETEAGENT and the transfers' end of the queue call."""

    def _complete(
        self,
        entry: QueueEntry,
        *,
        by_caller: bool,
        transfer: tuple[str, str, str] | None = None,
        keep_caller: bool = False,
    ) -> None:
        """The end of a connected queue call, in the order of s01 (caller hangs up) or s03 (agent hangs up)."""
        if entry.done or entry.connected is None:
            return
        self._close_entry(entry)
        now = self.now()
        ending = Ending(
            entry=entry,
            attempt=entry.connected,
            hold=seconds_between(entry.joined, entry.connect_time),
            talk=seconds_between(entry.connect_time, now),
            by_caller=by_caller,
            transfer=transfer,
            keep_caller=keep_caller or transfer is not None,
        )
        self._count_completed(ending, now)
        if by_caller or transfer:
            self._caller_leaves(ending)
        else:
            self._agent_leaves(ending)
        self._forget_completed(ending)

    def _count_completed(self, ending: Ending, now: float) -> None:
        """app_queue's update_queue: the member's calls and wrap-up, the queue's counters."""
        queue, member = ending.entry.queue, ending.attempt.member
        # With shared_lastcall the member's other queues count the call too.
        sharing = (
            [other for _, other in self._members_on_interface(member.interface)]
            if queue.config.shared_lastcall
            else [member]
        )
        for counted in sharing:
            counted.calls += 1
            counted.last_call = now
        member.in_call = False
        member.wrapup_until = now + queue.config.wrapuptime
        queue.stats.completed += 1
        queue.stats.record_talk(ending.talk)
        if ending.hold <= queue.config.servicelevel:
            queue.stats.completed_in_sl += 1

    def _report_completed(self, ending: Ending) -> None:
        """AgentComplete and the queue_log line: COMPLETECALLER/COMPLETEAGENT or the transfer's."""
        entry, member, one = ending.entry, ending.attempt.member, ending.attempt.one
        chan, queue, hold, talk, transfer = entry.chan, entry.queue, ending.hold, ending.talk, ending.transfer
        self.emit(
            "AgentComplete",
            "agent,all",
            agent_event(
                chan,
                one,
                queue,
                member,
                ("HoldTime", str(hold)),
                ("TalkTime", str(talk)),
                ("Reason", ending.reason),
            ),
        )
        agent = self.agent_field(member)
        if transfer and transfer[0] == "attended":
            self.log(
                chan.uniqueid,
                queue.name,
                agent,
                "ATTENDEDTRANSFER",
                "BRIDGE",
                transfer[1],
                hold,
                talk,
                entry.opos,
            )
        elif transfer:
            _, exten, context = transfer
            self.log(
                chan.uniqueid, queue.name, agent, "BLINDTRANSFER", exten, context, hold, talk, entry.opos
            )
        else:
            verb = "COMPLETECALLER" if ending.by_caller else "COMPLETEAGENT"
            self.log(chan.uniqueid, queue.name, agent, verb, hold, talk, entry.opos)

    def _caller_leaves(self, ending: Ending) -> None:
        """The caller hangs up (s01) or is transferred: the caller leaves the bridge first."""
        entry, member, keep_caller = ending.entry, ending.attempt.member, ending.keep_caller
        chan, phone, bridge = entry.chan, entry.phone, entry.bridge
        one, two = ending.attempt.one, ending.attempt.two
        if not keep_caller:
            self._hangup_request(chan, 0)
        self._setvar(chan, "BRIDGEPEER", "")
        self._setvar(one, "BRIDGEPEER", "")
        self._report_completed(ending)
        if phone is not None and not keep_caller:
            self._hangup(phone, 0)
        self._leave_bridge(bridge, chan)
        self._queue_vars(chan, entry.queue)
        self._dial_time_vars(entry, answered=True)
        self._queue_vars(chan, entry.queue)
        self._device_state(chan.device, "NOT_INUSE")
        self._leave_bridge(bridge, one)
        self._destroy_bridge(bridge)
        if two is not one:
            self._hangup_request(two, 16)
        self._hangup(one, 16)
        if two is not one:
            self._hangup_request(two, 16, soft=True)
            self._hangup(two, 16)
        self._release_device(member)
        self._device_state(member.device, "NOT_INUSE")
        self._member_status_event(member.device, avail=True)
        if not keep_caller:
            self._hangup_request(chan, 16, soft=True)
            self._hangup(chan, 16)
            self._device_state(member.device, "NOT_INUSE")
            self._device_state(chan.device, "NOT_INUSE")

    def _agent_leaves(self, ending: Ending) -> None:
        """The agent hangs up (s03): the member's legs go first, then the caller's."""
        entry, member = ending.entry, ending.attempt.member
        chan, phone, bridge = entry.chan, entry.phone, entry.bridge
        one, two = ending.attempt.one, ending.attempt.two
        if two is not one:
            self._newexten(two, "Hangup", "", priority=4)
            self._hangup_request(two, 16, soft=True)
        self._hangup_request(one, 16)
        self._report_completed(ending)
        self._setvar(one, "BRIDGEPEER", "")
        self._setvar(chan, "BRIDGEPEER", "")
        self._leave_bridge(bridge, one)
        self._leave_bridge(bridge, chan)
        self._destroy_bridge(bridge)
        self._queue_vars(chan, entry.queue)
        self._dial_time_vars(entry, answered=True)
        self._queue_vars(chan, entry.queue)
        self._hang_up_caller(chan, phone)
        self._hangup(one, 16)
        self._hangup(two, 16)
        self._release_device(member)
        self._device_state(chan.device, "NOT_INUSE")
        self._device_state(chan.device, "NOT_INUSE")
        self._device_state(member.device, "NOT_INUSE")
        if two is not one:
            self._device_state(member.device, "NOT_INUSE")
        self._member_status_event(member.device, avail=True)

    def _forget_completed(self, ending: Ending) -> None:
        """Drop the call's bookkeeping, tell the listeners, and offer the freed member (after wrap-up)."""
        entry, attempt = ending.entry, ending.attempt
        self.attempts_by_channel.pop(attempt.one.name, None)
        self.attempts_by_channel.pop(attempt.two.name, None)
        self._forget_entry(entry)
        self.processed_calls += 1
        for listener in self.completion_listeners:
            listener(entry, attempt.member, ending.reason)
        wrapuptime = entry.queue.config.wrapuptime
        if wrapuptime > 0:
            self._later(wrapuptime, self.kick)
        self.kick()
