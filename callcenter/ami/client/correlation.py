"""ActionID correlation: the pending actions of one connection, matched with their responses and events."""

from __future__ import annotations

import asyncio
import itertools
import secrets

from callcenter.ami.client.pending import Pending, Result
from callcenter.ami.message import Message


class PendingActions:
    """The actions of one connection that wait for an answer, by ActionID."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._items: dict[str, Pending] = {}
        self._prefix = f"cc-{secrets.token_hex(3)}"
        self._ids = itertools.count(1)

    def __bool__(self) -> bool:
        return bool(self._items)

    def open(self, name: str, is_list: bool, action_id: str | None) -> tuple[str, asyncio.Future[Result]]:
        """Register an action (with a fresh ActionID unless one is given); return its id and its future."""
        action_id = action_id or f"{self._prefix}-{next(self._ids)}"
        if action_id in self._items:
            raise ValueError(f"ActionID {action_id!r} is already pending")
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._items[action_id] = Pending(name=name, future=future, is_list=is_list)
        return action_id, future

    def forget(self, action_id: str) -> None:
        """Stop waiting for ``action_id``: a late answer is then dropped."""
        self._items.pop(action_id, None)

    def on_response(self, message: Message) -> None:
        """Hand a response to the action it answers (an unknown ActionID is a late answer: dropped)."""
        action_id = message.action_id
        item = self._items.get(action_id) if action_id is not None else None
        if action_id is not None and item is not None and item.answer(message):
            self.forget(action_id)

    def take_event(self, message: Message) -> bool:
        """Collect an event of one of our list actions (True), or leave it to the listeners (False)."""
        action_id = message.action_id
        item = self._items.get(action_id) if action_id is not None else None
        if action_id is None or item is None or not item.is_list:
            return False
        if item.collect(message):
            self.forget(action_id)
        return True

    def fail_all(self, cause: Exception | None) -> None:
        """Fail every pending action with ``AMIConnectionLost``; none of them is re-sent."""
        pending, self._items = self._items, {}
        for action_id, item in pending.items():
            item.lose(self.server, action_id, cause)
