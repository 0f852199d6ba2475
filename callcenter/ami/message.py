"""One AMI message (a response or an event): headers in wire order, parsed lazily from a decoded frame.

Headers are parsed lazily: most events on a busy node (VarSet, Newexten, DeviceStateChange...) are looked
at only by name and dropped, and never pay for header parsing. That is what makes parse plus reduce fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

TERMINATOR = b"\r\n\r\n"
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
            if sep and key:
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
        """Non-empty lines that are not headers (no colon, or nothing before it; kept for diagnostics)."""
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
