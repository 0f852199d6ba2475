"""The AMI wire format: byte-exact incremental framing, the Message type and action encoding.

Asterisk frames every message as ``Key: Value`` lines ended by ``\\r\\n`` and closes the message with an
empty line, so ``\\r\\n\\r\\n`` separates messages. A TCP read can end anywhere: inside the terminator, or
inside a multibyte UTF-8 character. The parser keeps the undecoded bytes and decodes only complete frames,
so nothing is lost at read boundaries. Before the first message Asterisk sends one banner line
(``Asterisk Call Manager/11.0.0``) ended by a single ``\\r\\n``.

Headers are parsed lazily: most events on a busy node (VarSet, Newexten, DeviceStateChange...) are looked
at only by name and dropped, and never pay for header parsing. That is what makes parse plus reduce fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from callcenter.ami.errors import AMIProtocolError

TERMINATOR = b"\r\n\r\n"
_TERMINATOR_TEXT = "\r\n\r\n"
_EVENT_PREFIX = "Event: "
_RESPONSE_PREFIX = "Response: "


class Message:
    """One AMI message (a response or an event), headers in wire order, duplicates kept.

    Build one from a decoded frame (``Message.from_text``) or from header pairs (``Message(headers)``).
    Lookups by key are case-insensitive and return the first match; ``get_all`` returns every value of a
    repeated key (``Output``, ``Variable``, ``ChanVariable``...). Lines without a colon are not headers:
    they are kept in ``stray_lines`` and otherwise ignored, as Asterisk itself ignores them.
    """

    __slots__ = ("_headers", "_index", "_stray", "_text")

    def __init__(self, headers: Iterable[tuple[str, str]] | None = None) -> None:
        self._text: str | None = None
        self._headers: list[tuple[str, str]] | None = list(headers) if headers is not None else []
        self._index: dict[str, str] | None = None
        self._stray: list[str] | None = [] if headers is not None else None

    @classmethod
    def from_text(cls, text: str) -> Message:
        """A message from one decoded frame without its terminator; headers are parsed on first use."""
        message = cls.__new__(cls)
        message._text = text
        message._headers = None
        message._index = None
        message._stray = None
        return message

    def _parse(self) -> list[tuple[str, str]]:
        headers: list[tuple[str, str]] = []
        stray: list[str] = []
        for line in (self._text or "").split("\r\n"):
            key, sep, value = line.partition(": ")
            if sep:
                headers.append((key, value))
                continue
            key, sep, value = line.partition(":")
            if sep and key:
                headers.append((key, value.lstrip(" ")))
            elif line:
                stray.append(line)
        self._headers = headers
        self._stray = stray
        return headers

    @property
    def headers(self) -> list[tuple[str, str]]:
        """All ``(key, value)`` pairs in wire order."""
        headers = self._headers
        return headers if headers is not None else self._parse()

    @property
    def stray_lines(self) -> list[str]:
        """Non-empty lines that had no colon (not headers; kept for diagnostics)."""
        if self._stray is None:
            self._parse()
        return list(self._stray or [])

    def _lookup(self) -> dict[str, str]:
        index = self._index
        if index is None:
            index = {}
            for key, value in self.headers:
                index.setdefault(key.lower(), value)
            self._index = index
        return index

    def get(self, key: str, default: str | None = None) -> str | None:
        """The first value of ``key`` (case-insensitive), or ``default``."""
        return self._lookup().get(key.lower(), default)

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` (case-insensitive), in order."""
        wanted = key.lower()
        return [value for name, value in self.headers if name.lower() == wanted]

    def __getitem__(self, key: str) -> str:
        value = self._lookup().get(key.lower())
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._lookup()

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.headers)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and self.headers == other.headers

    def __hash__(self) -> int:
        return hash(tuple(self.headers))

    def __repr__(self) -> str:
        kind = "Event" if self.event is not None else "Response"
        return f"<Message {kind}={self.event or self.response} {len(self.headers)} headers>"

    @property
    def event(self) -> str | None:
        """The event name, or None for a response. Fast path: Asterisk always sends ``Event`` first."""
        text = self._text
        if text is not None:
            if text.startswith(_EVENT_PREFIX):
                end = text.find("\r\n")
                return text[7:] if end < 0 else text[7:end]
            if text.startswith(_RESPONSE_PREFIX):
                return None
        return self.get("Event")

    @property
    def response(self) -> str | None:
        """``Success``, ``Error``, ``Goodbye``...; None for an event (an OriginateResponse event has one too)."""
        text = self._text
        if text is not None and text.startswith(_RESPONSE_PREFIX):
            end = text.find("\r\n")
            return text[10:] if end < 0 else text[10:end]
        if self.event is not None:
            return None
        return self.get("Response")

    @property
    def action_id(self) -> str | None:
        """The ``ActionID`` header, found without parsing the other headers."""
        text = self._text
        if text is None:
            return self.get("ActionID")
        if text.startswith("ActionID: "):
            start = 10
        else:
            pos = text.find("\r\nActionID: ")
            if pos < 0:
                return None if "ActionID" not in text else self.get("ActionID")
            start = pos + 12
        end = text.find("\r\n", start)
        return text[start:] if end < 0 else text[start:end]

    @property
    def output(self) -> list[str]:
        """The ``Output:`` lines of a ``Command`` response, in order."""
        return self.get_all("Output")

    @property
    def text(self) -> str:
        """The frame as text (without the terminating empty line)."""
        if self._text is None:
            self._text = "\r\n".join(f"{key}: {value}" for key, value in self.headers)
        return self._text

    def contains_text(self, needle: str) -> bool:
        """A raw substring test on the frame, for cheap pre-filtering before headers are parsed."""
        return needle in self.text

    def to_dict(self) -> dict[str, str]:
        """First value of every key, keys as sent."""
        result: dict[str, str] = {}
        for key, value in self.headers:
            result.setdefault(key, value)
        return result

    def encode(self) -> bytes:
        """The message as wire bytes, terminator included (used by test servers and the simulator)."""
        return self.text.encode("utf-8") + TERMINATOR


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
