"""The AMI wire format: byte-exact incremental framing and action encoding (messages: ``ami.message``).

Asterisk frames every message as ``Key: Value`` lines ended by ``\\r\\n`` and closes the message with an
empty line, so ``\\r\\n\\r\\n`` separates messages. A TCP read can end anywhere: inside the terminator, or
inside a multibyte UTF-8 character. The parser keeps the undecoded bytes and decodes only complete frames,
so nothing is lost at read boundaries. Before the first message Asterisk sends one banner line
(``Asterisk Call Manager/11.0.0``) ended by a single ``\\r\\n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from callcenter.ami.errors import AMIProtocolError
from callcenter.ami.message import TERMINATOR, Message

_TERMINATOR_TEXT = "\r\n\r\n"

__all__ = ["TERMINATOR", "FrameParser", "Message", "encode_action"]


class FrameParser:
    """Incremental, byte-exact AMI framing: ``feed(bytes) -> list[Message]``.

    * Frames are split on ``\\r\\n\\r\\n`` wherever the reads end; only complete frames are decoded, so a
      multibyte character split across two reads is never damaged.
    * Invalid UTF-8 does not drop a frame: it is decoded with U+FFFD replacements and counted in
      ``decode_errors`` (a caller name from a badly configured trunk must not lose a queue event).
    * A frame with no ``Event``, ``Response`` or ``Action`` header is malformed: counted and skipped
      (``Action`` frames are what a server reads; the test servers and the simulator parse those).
    * The buffer is bounded: more than ``max_frame_bytes`` without a terminator raises
      ``AMIProtocolError`` so a misbehaving peer cannot exhaust memory; the connection must then be dropped.
    """

    __slots__ = (
        "_buffer",
        "_expect_banner",
        "banner",
        "decode_errors",
        "frames",
        "malformed",
        "max_frame_bytes",
    )

    def __init__(self, *, max_frame_bytes: int = 4 * 1024 * 1024, expect_banner: bool = True) -> None:
        self.max_frame_bytes = max_frame_bytes
        self._buffer = bytearray()
        self._expect_banner = expect_banner
        self.banner: str | None = None
        self.frames = 0
        self.malformed = 0
        self.decode_errors = 0

    @property
    def buffered(self) -> int:
        """Bytes received but not yet part of a complete frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Message]:
        """Add bytes from the socket; return the messages completed by them, in order."""
        buffer = self._buffer
        start = len(buffer) - 3 if len(buffer) > 3 else 0
        buffer += data
        if self._expect_banner:
            if not self._take_banner():
                return []
            start = 0
        end = buffer.rfind(TERMINATOR, start)
        if end < 0:
            if len(buffer) > self.max_frame_bytes:
                size = len(buffer)
                buffer.clear()
                raise AMIProtocolError(
                    f"no message terminator within {size} bytes (limit {self.max_frame_bytes}); dropping"
                )
            return []
        chunk = bytes(buffer[:end])
        del buffer[: end + 4]
        if len(buffer) > self.max_frame_bytes:
            size = len(buffer)
            buffer.clear()
            raise AMIProtocolError(
                f"partial message of {size} bytes exceeds {self.max_frame_bytes}; dropping"
            )
        try:
            texts = chunk.decode("utf-8").split(_TERMINATOR_TEXT)
        except UnicodeDecodeError:
            texts = [self._decode_lossy(part) for part in chunk.split(TERMINATOR)]
        return self._messages(texts)

    def _decode_lossy(self, part: bytes) -> str:
        try:
            return part.decode("utf-8")
        except UnicodeDecodeError:
            self.decode_errors += 1
            return part.decode("utf-8", errors="replace")

    def _take_banner(self) -> bool:
        """Strip the banner line once it is complete; False while it is still incomplete."""
        buffer = self._buffer
        end = buffer.find(b"\r\n")
        if end < 0:
            if len(buffer) > self.max_frame_bytes:
                buffer.clear()
                raise AMIProtocolError("no banner line within the frame limit; dropping")
            return False
        self._expect_banner = False
        line = bytes(buffer[:end]).decode("utf-8", errors="replace")
        # A stream that starts directly with a message (no banner) is accepted as is.
        if ":" not in line:
            self.banner = line
            del buffer[: end + 2]
        return True

    def _messages(self, texts: list[str]) -> list[Message]:
        messages: list[Message] = []
        append = messages.append
        from_text = Message.from_text
        for text in texts:
            if text.startswith(("Event: ", "Response: ", "Action: ")):
                append(from_text(text))
                continue
            text = text.strip("\r\n")
            if not text:
                continue
            message = from_text(text)
            if message.event is None and "response" not in message and "action" not in message:
                self.malformed += 1
                continue
            append(message)
        self.frames += len(messages)
        return messages


def _check_token(value: str, what: str) -> None:
    if "\r" in value or "\n" in value:
        raise ValueError(f"AMI {what} must not contain CR or LF: {value!r}")


def encode_action(name: str, headers: Mapping[str, str] | Iterable[tuple[str, str]], action_id: str) -> bytes:
    """Wire bytes of one action. Refuses (ValueError) a name or value containing CR or LF.

    A newline smuggled into a value (a caller name, a variable) would end the header early and let the
    rest be read by Asterisk as extra headers or a second action, so it is never escaped, only refused.
    Repeated keys (several ``Variable`` lines) are given as an iterable of pairs.
    """
    _check_token(name, "action name")
    _check_token(action_id, "ActionID")
    if not name or ":" in name:
        raise ValueError(f"invalid AMI action name: {name!r}")
    lines = [f"Action: {name}", f"ActionID: {action_id}"]
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in pairs:
        _check_token(key, "header name")
        _check_token(str(value), "header value")
        if not key or ":" in key or key.lower() in ("action", "actionid"):
            raise ValueError(f"invalid AMI header name: {key!r}")
        lines.append(f"{key}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
