"""Queue administration: QueuePause, QueueAdd, QueueRemove, QueuePenalty and QueueLog."""

from __future__ import annotations

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message
from callcenter.simulator.engine import EngineError


class QueueAdmin(AMIBase):
    """Member changes, answered before the member's events go out (s04)."""

    def _queue_pause(self, session: Session, message: Message) -> None:
        interface, paused = message.get("Interface"), message.get("Paused")
        if not interface or not paused:
            self._error(session, message, "Need 'Interface' and 'Paused' parameters.")
            return
        is_paused = paused.strip().lower() in ("true", "yes", "1", "on")
        queue = message.get("Queue") or None
        if (queue is not None and queue not in self.engine.queues) or not self.engine.find_members(
            interface, queue
        ):
            self._error(session, message, "Interface not found")
            return
        # The response goes out before the member's events, as in s04.
        self._success(
            session,
            message,
            "Interface paused successfully" if is_paused else "Interface unpaused successfully",
        )
        self.engine.pause(interface, queue, is_paused, message.get("Reason"))

    def _queue_add(self, session: Session, message: Message) -> None:
        queue, interface = message.get("Queue"), message.get("Interface")
        if not queue or not interface:
            self._error(session, message, "'Queue' and 'Interface' not specified.")
            return
        try:
            penalty = int(message.get("Penalty") or 0)
        except ValueError:
            self._error(session, message, "Invalid penalty specified")
            return
        paused = message.get("Paused").strip().lower() in ("true", "yes", "1", "on")
        if queue not in self.engine.queues:
            self._error(session, message, "Unable to add interface to queue: No such queue")
            return
        if self.engine.queues[queue].member(interface) is not None:
            self._error(session, message, "Unable to add interface: Already there")
            return
        self._success(session, message, "Added interface to queue")
        try:
            self.engine.add_member(
                queue,
                interface,
                name=message.get("MemberName"),
                penalty=penalty,
                paused=paused,
                reason=message.get("Reason"),
                state_interface=message.get("StateInterface"),
            )
        except EngineError as exc:
            self._error(session, message, str(exc))

    def _queue_remove(self, session: Session, message: Message) -> None:
        queue, interface = message.get("Queue"), message.get("Interface")
        if not queue or not interface:
            self._error(session, message, "Need 'Queue' and 'Interface' parameters.")
            return
        if queue not in self.engine.queues:
            self._error(session, message, "Unable to remove interface from queue: No such queue")
            return
        member = self.engine.queues[queue].member(interface)
        if member is None:
            self._error(session, message, "Unable to remove interface: Not there")
            return
        if not member.dynamic:
            self._error(session, message, "Unable to remove interface: Not dynamic")
            return
        self._success(session, message, "Removed interface from queue")
        self.engine.remove_member(queue, interface)

    def _queue_penalty(self, session: Session, message: Message) -> None:
        interface, penalty = message.get("Interface"), message.get("Penalty")
        if not interface or not penalty:
            self._error(session, message, "'Interface' and 'Penalty' parameters are required.")
            return
        queue = message.get("Queue") or None
        try:
            value = int(penalty)
        except ValueError:
            value = -1
        if (
            value < 0
            or (queue is not None and queue not in self.engine.queues)
            or not self.engine.find_members(interface, queue)
        ):
            self._error(session, message, "Invalid interface, queuename or penalty")
            return
        self._success(session, message, "Interface penalty set successfully")
        self.engine.set_penalty(interface, value, queue)

    def _queue_log(self, session: Session, message: Message) -> None:
        queue, event = message.get("Queue"), message.get("Event")
        if not queue or not event:
            self._error(session, message, "Need 'Queue' and 'Event' parameters.")
            return
        self._success(session, message, "Event added successfully")
        self.engine.log(
            message.get("UniqueID") or "NONE",
            queue,
            message.get("Interface") or "NONE",
            event,
            message.get("Message"),
        )
