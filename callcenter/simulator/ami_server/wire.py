"""AMI as the simulated node writes and reads it: framing limits, received actions, encoded replies."""

from __future__ import annotations

import datetime as dt

from callcenter.simulator.channels import Headers

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
MAX_FRAME_BYTES = 1024 * 1024
MAX_UNREAD_BYTES = 16 * 1024 * 1024


class Message:
    """A received action: headers in order, case-insensitive lookup, a missing header reads as "".

    (callcenter.ami.protocol.Message is the client's: it parses events lazily and answers None.)
    """

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.headers = headers

    def get(self, key: str, default: str = "") -> str:
        lowered = key.lower()
        for name, value in self.headers:
            if name.lower() == lowered:
                return value
        return default

    def has(self, key: str) -> bool:
        lowered = key.lower()
        return any(name.lower() == lowered for name, _ in self.headers)

    def get_all(self, key: str) -> list[str]:
        lowered = key.lower()
        return [value for name, value in self.headers if name.lower() == lowered]


def encode(headers: Headers) -> bytes:
    return ("".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n").encode("utf-8")


def event_tv(epoch: float) -> str:
    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def event_mask(value: str) -> set[str] | None:
    """``Events:`` header: on/yes/all -> every event (None), off/no -> none, else a category list."""
    text = value.strip().lower()
    if text in ("on", "yes", "true", "1", "all"):
        return None
    if text in ("off", "no", "false", "0", ""):
        return set()
    return {part.strip() for part in text.split(",") if part.strip()}
