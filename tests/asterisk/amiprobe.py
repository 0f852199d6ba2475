"""What Asterisk itself says, read over a plain AMI socket with nothing of the product's code in between.

The suite compares the bridge's live state with this: QueueStatus for queues, members and callers, and
CoreShowChannels for channels. The session logs off after each question, so it never counts as a
lasting AMI connection of the product.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

_ids = count(1)


@dataclass
class Reply:
    response: dict[str, str]
    events: list[dict[str, str]] = field(default_factory=list)


def _messages(sock: socket.socket) -> Iterator[dict[str, str]]:
    buffer = b""
    while True:
        while b"\r\n\r\n" in buffer:
            raw, buffer = buffer.split(b"\r\n\r\n", 1)
            message: dict[str, str] = {}
            for line in raw.decode("utf-8", "replace").split("\r\n"):
                key, sep, value = line.partition(":")
                if sep:
                    message.setdefault(key.strip(), value.strip())
            yield message
        chunk = sock.recv(65536)
        if not chunk:
            return
        buffer += chunk


def ask(port: int, username: str, secret: str, action: str, **headers: str) -> Reply:
    """One action; for list actions, every event up to the one with ``EventList: Complete``."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.recv(100)  # banner
        messages = _messages(sock)

        def send(name: str, fields: dict[str, str]) -> str:
            action_id = f"probe-{next(_ids)}"
            lines = [f"Action: {name}", f"ActionID: {action_id}"]
            lines += [f"{key}: {value}" for key, value in fields.items()]
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            return action_id

        login = send("Login", {"Username": username, "Secret": secret, "Events": "off"})
        for message in messages:
            if message.get("ActionID") == login:
                if message.get("Response") != "Success":
                    raise AssertionError(f"AMI login refused: {message}")
                break
        action_id = send(action, headers)
        reply: Reply | None = None
        for message in messages:
            if message.get("ActionID") != action_id:
                continue
            if "Response" in message:
                reply = Reply(message)
                if message.get("Response") != "Success" or message.get("EventList") != "start":
                    break
            elif reply is not None:
                if message.get("EventList") == "Complete":
                    break
                reply.events.append(message)
        send("Logoff", {})
        assert reply is not None, f"no answer to {action}"
        return reply
