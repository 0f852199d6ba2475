"""The live picture of one Asterisk node: a pure, synchronous reducer from AMI events to state.

``LiveState.apply(message, now)`` folds one event in; it does no I/O and never blocks, so the same code
runs in the bridge, in ``manage.py ami_replay`` and in tests. Every change marks the touched call, agent
or queue dirty; ``take_delta(now)`` returns only those (the bridge publishes them), ``snapshot(now)`` the
whole state (the bridge stores it in Redis). ``resync(queue_status, channels, now)`` rebuilds the picture
from ``QueueStatus`` and ``CoreShowChannels`` after a (re)connect and corrects whatever went stale.

Outcomes, as Asterisk 22 reports them (app_queue.c):

* answered: ``AgentConnect``;
* abandoned: ``QueueCallerAbandon``. Asterisk also sends it before a timeout or a leave-when-empty,
  so those are re-labelled when the queue application returns and sets ``QUEUESTATUS``;
* timeout: ``QUEUESTATUS=TIMEOUT``; exitempty: ``LEAVEEMPTY`` (or ``LEAVEUNAVAIL``);
* joinempty: ``JOINEMPTY`` (or ``JOINUNAVAIL``/``FULL``): the caller never joined and queue_log has no
  line, but the call is counted; the queue comes from the ``Queue`` application the channel ran;
* exitkey: the caller pressed a digit (``DTMFEnd``) and left the queue application for the queue's
  exit context without being answered;
* waiting: still in the queue.

The JSON shape of ``snapshot``/``take_delta`` is documented in docs/ami.md and must stay stable.
"""

from __future__ import annotations

from collections.abc import Iterable

from callcenter.ami.protocol import Message
from callcenter.live.state.core import Handler
from callcenter.live.state.resync import Resync
from callcenter.live.state.snapshot import SnapshotViews


class LiveState(Resync, SnapshotViews):
    """The reducer (see the module docstring). Not thread-safe; one instance per Asterisk node."""

    def _event_handlers(self) -> dict[str, Handler]:
        return {
            "QueueCallerJoin": self._on_join,
            "QueueCallerLeave": self._on_leave,
            "QueueCallerAbandon": self._on_abandon,
            "AgentCalled": self._on_agent_called,
            "AgentRingNoAnswer": self._on_ring_end,
            "AgentDump": self._on_ring_end,
            "AgentConnect": self._on_connect,
            "AgentComplete": self._on_complete,
            "QueueMemberStatus": self._on_member,
            "QueueMemberAdded": self._on_member,
            "QueueMemberPause": self._on_member,
            "QueueMemberPaused": self._on_member,
            "QueueMemberPenalty": self._on_member,
            "QueueMemberRinginuse": self._on_member,
            "QueueMemberRemoved": self._on_member_removed,
            "QueueParams": self._on_queue_params,
            "QueueMember": self._on_member,
            "QueueEntry": self._on_entry,
            "Newchannel": self._on_newchannel,
            "CoreShowChannel": self._on_newchannel,
            "Hangup": self._on_hangup,
            "VarSet": self._on_varset,
            "Newexten": self._on_newexten,
            "DTMFEnd": self._on_dtmf,
            "Hold": self._on_hold,
            "Unhold": self._on_unhold,
            "BlindTransfer": self._on_blind_transfer,
            "AttendedTransfer": self._on_attended_transfer,
            # PJSIP trunks and phones (registration, contacts, qualify): callcenter.live.endpoints.
            **self.endpoints.handlers,
        }

    # -- public API ----------------------------------------------------------------------------------
    def apply(self, message: Message, now: float) -> None:
        """Fold one AMI message in. Responses and events the live view does not need are ignored."""
        name = message.event
        if name is None:
            return
        self.events += 1
        handler = self._handlers.get(name)
        if handler is not None:
            if now >= self._day_end:
                self._roll_day(now)
            handler(message, now)

    def apply_all(self, messages: Iterable[Message], now: float) -> None:
        for message in messages:
            self.apply(message, now)

    def tick(self, now: float) -> None:
        """Advance time: end wrap-up periods and reset the daily counters at local midnight."""
        if now >= self._day_end:
            self._roll_day(now)
        for agent in self.agents.values():
            if agent.wrapup_until and agent.wrapup_until <= now:
                agent.wrapup_until = 0.0
                self._refresh_agent(agent, now)
