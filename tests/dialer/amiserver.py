"""A real TCP AMI server for the dialer tests, answering Originates as Asterisk 22 does in s07_outbound.

Behaviours: "ok" (``Response: Success`` / "Originate successfully queued", then the OriginateResponse event
with the configured Reason), "drop" (closes the socket on the Originate, before any response), "error"
(``Response: Error``). Every action received is recorded, so a test can count the Originates.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field

from callcenter.ami.protocol import FrameParser, Message

BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def _frame(*pairs: tuple[str, str]) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in pairs) + "\r\n").encode()


@dataclass
class AMIServerState:
    behaviour: str = "ok"
    reason: str = "4"
    actions: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def originates(self) -> list[Message]:
        with self.lock:
            return [m for m in self.actions if (m.get("Action") or "").lower() == "originate"]


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        state = self.server.state
        sock: socket.socket = self.request
        sock.sendall(BANNER)
        parser = FrameParser(expect_banner=False)
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            for message in parser.feed(data):
                with state.lock:
                    state.actions.append(message)
                action = (message.get("Action") or "").lower()
                action_id = message.get("ActionID") or ""
                if action == "login":
                    sock.sendall(
                        _frame(
                            ("Response", "Success"),
                            ("ActionID", action_id),
                            ("Message", "Authentication accepted"),
                        )
                    )
                elif action == "logoff":
                    sock.sendall(
                        _frame(
                            ("Response", "Goodbye"),
                            ("ActionID", action_id),
                            ("Message", "Thanks for all the fish."),
                        )
                    )
                    return
                elif action == "originate":
                    if state.behaviour == "drop":
                        sock.shutdown(socket.SHUT_RDWR)
                        return
                    if state.behaviour == "error":
                        sock.sendall(
                            _frame(
                                ("Response", "Error"),
                                ("ActionID", action_id),
                                ("Message", "Originate failed"),
                            )
                        )
                        continue
                    sock.sendall(
                        _frame(
                            ("Response", "Success"),
                            ("ActionID", action_id),
                            ("Message", "Originate successfully queued"),
                        )
                    )
                    sock.sendall(
                        _frame(
                            ("Event", "OriginateResponse"),
                            ("Privilege", "call,all"),
                            ("ActionID", action_id),
                            ("Response", "Success" if state.reason == "4" else "Failure"),
                            ("Channel", message.get("Channel") or ""),
                            ("Context", message.get("Context") or ""),
                            ("Exten", message.get("Exten") or ""),
                            ("Reason", state.reason),
                            ("Uniqueid", "1795355901.32" if state.reason == "4" else "<unknown>"),
                        )
                    )
                else:
                    sock.sendall(_frame(("Response", "Success"), ("ActionID", action_id)))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: AMIServerState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class AMITestServer:
    """Context manager: a listening AMI server on 127.0.0.1 in a background thread."""

    def __init__(self, behaviour: str = "ok", reason: str = "4") -> None:
        self.state = AMIServerState(behaviour=behaviour, reason=reason)
        self._server = _Server(self.state)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> AMITestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
