"""One action waiting for its answer: its response and, for a list action, the events up to the end."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from callcenter.ami.errors import AMIActionError, AMIConnectionLost
from callcenter.ami.message import Message

Result = tuple[Message, list[Message]]


@dataclass
class Pending:
    """An action waiting for its response (and, for list actions, its events); each method says whether
    the action is done with, so that its entry can be forgotten."""

    name: str
    future: asyncio.Future[Result]
    is_list: bool
    response: Message | None = None
    events: list[Message] = field(default_factory=list)

    def answer(self, message: Message) -> bool:
        """The response: ``Response: Error`` fails the action; a list action then waits for its events."""
        if message.response == "Error":
            if not self.future.done():
                self.future.set_exception(AMIActionError(message))
            return True
        self.response = message
        if self.is_list and (message.get("EventList") or "").lower() == "start":
            return False
        return self.finish()

    def collect(self, event: Message) -> bool:
        """An event of this list action; ``EventList: Complete`` ends the list (and is not kept)."""
        if event.get("EventList") == "Complete":
            return self.finish()
        self.events.append(event)
        return False

    def finish(self) -> bool:
        """Resolve the action with its response and the events collected."""
        if not self.future.done() and self.response is not None:
            self.future.set_result((self.response, self.events))
        return True

    def lose(self, server: str, action_id: str, cause: Exception | None) -> None:
        """The connection dropped before the answer: the action fails and is never re-sent."""
        if not self.future.done():
            error = AMIConnectionLost(
                f"{server}: connection lost before {self.name} ({action_id}) was answered; not re-sent"
            )
            error.__cause__ = cause
            self.future.set_exception(error)
