"""Actions on calls: Originate, Hangup, Redirect, BlindTransfer, Atxfer and PlayDTMF."""

from __future__ import annotations

import asyncio

from callcenter.simulator.ami_server.base import AMIBase
from callcenter.simulator.ami_server.session import Session
from callcenter.simulator.ami_server.wire import Message
from callcenter.simulator.channels import Channel
from callcenter.simulator.engine import OriginateRequest


class CallActions(AMIBase):
    """Actions that start, end or move calls; the Engine does the work."""

    async def _originate(self, session: Session, message: Message) -> None:
        channel = message.get("Channel")
        if not channel:
            self._error(session, message, "Channel not specified")
            return
        variables: list[tuple[str, str]] = []
        for value in message.get_all("Variable"):
            for pair in value.split(","):
                key, sep, val = pair.partition("=")
                if sep and key.strip():
                    variables.append((key.strip(), val))
        try:
            timeout = int(message.get("Timeout") or 30000)
        except ValueError:
            timeout = 30000
        request = OriginateRequest(
            channel=channel,
            context=message.get("Context"),
            exten=message.get("Exten"),
            priority=message.get("Priority"),
            application=message.get("Application"),
            data=message.get("Data"),
            callerid=message.get("CallerID"),
            timeout_ms=timeout,
            variables=variables,
            action_id=message.get("ActionID"),
        )
        if message.get("Async").strip().lower() in ("true", "yes", "1", "on"):
            self._success(session, message, "Originate successfully queued")
            self.engine.originate(request, is_async=True)
            return
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[bool] = loop.create_future()

        def done(success: bool, reason: int, answered: Channel | None) -> None:
            if not outcome.done():
                outcome.set_result(success)

        self.engine.originate(request, done, is_async=False)
        success = await outcome
        if success:
            self._success(session, message, "Originate successfully queued")
        else:
            self._error(session, message, "Originate failed")

    def _live_channel(self, session: Session, message: Message, *, missing: str, unknown: str) -> str | None:
        """The existing channel the Channel header names; None once the action's refusal is answered
        (``missing`` without the header, ``unknown`` for no such channel, its ``{name}`` filled in)."""
        name = message.get("Channel")
        if not name:
            self._error(session, message, missing)
        elif name not in self.engine.channels:
            self._error(session, message, unknown.format(name=name))
        else:
            return name
        return None

    def _hangup(self, session: Session, message: Message) -> None:
        name = self._live_channel(session, message, missing="No channel specified", unknown="No such channel")
        if name is None:
            return
        self._success(session, message, "Channel Hungup")
        self.engine.hangup_channel(name)

    def _redirect(self, session: Session, message: Message) -> None:
        name = self._live_channel(
            session, message, missing="Channel not specified", unknown="Channel does not exist: {name}"
        )
        if name is None:
            return
        context, exten = message.get("Context"), message.get("Exten")
        if not exten:
            self._error(session, message, "Exten not specified")
            return
        self._success(session, message, "Redirect successful")
        self.engine.redirect(name, context, exten)

    def _transfer_target(self, session: Session, message: Message) -> tuple[str, str, str] | None:
        """(channel, exten, context) of a BlindTransfer or Atxfer; None once the error is answered."""
        name, exten = message.get("Channel"), message.get("Exten")
        if not name:
            self._error(session, message, "No channel specified")
            return None
        if not exten:
            self._error(session, message, "No extension specified")
            return None
        if name not in self.engine.channels:
            self._error(session, message, "Channel specified does not exist")
            return None
        return name, exten, message.get("Context") or self.engine.channels[name].context

    def _blind_transfer(self, session: Session, message: Message) -> None:
        target = self._transfer_target(session, message)
        if target is None:
            return
        if not self.engine.blind_transfer(*target):
            self._error(session, message, "Transfer failed")
            return
        self._success(session, message, "Transfer succeeded")

    def _atxfer(self, session: Session, message: Message) -> None:
        target = self._transfer_target(session, message)
        if target is None:
            return
        self._success(session, message, "Atxfer successfully queued")
        self.engine.attended_transfer(*target)

    def _play_dtmf(self, session: Session, message: Message) -> None:
        name, digit = message.get("Channel"), message.get("Digit")
        if name not in self.engine.channels:
            self._error(session, message, "Channel not found")
            return
        if not digit:
            self._error(session, message, "No digit specified")
            return
        self._success(session, message, "DTMF successfully queued")
        entry = self.engine.entries_by_channel.get(name)
        if entry is not None:
            self.engine.press_key(entry, digit[0])
