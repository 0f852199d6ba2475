"""Errors raised by the AMI client; every caller can tell a refused action from a lost connection."""

from __future__ import annotations

from callcenter.ami.message import Message


class AMIError(Exception):
    """Any failure talking to Asterisk over AMI."""


class AMIAuthenticationError(AMIError):
    """Login was refused (``Authentication failed``); Asterisk closes the socket right after."""


class AMIConnectionLost(AMIError):
    """The connection dropped (or was never up) while the action waited; the action is never re-sent."""


class AMITimeout(AMIError):
    """No response within the action's timeout. The action may still have run on the PBX."""


class AMIProtocolError(AMIError):
    """The peer broke the framing (for example a frame larger than the limit); the connection is dropped."""


class AMIActionError(AMIError):
    """Asterisk answered ``Response: Error``; ``message`` is its ``Message`` header."""

    def __init__(self, response: Message) -> None:
        self.response = response
        self.message = response.get("Message") or ""
        super().__init__(f"{response.get('ActionID') or '?'}: {self.message or 'error'}")
