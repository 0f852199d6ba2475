"""AMI frames as Asterisk 22 words them, and helpers to replay recorded ones."""

from __future__ import annotations

from callcenter.ami.protocol import FrameParser

BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def frame(*headers: tuple[str, str]) -> bytes:
    """One frame with the headers in the order given."""
    return ("".join(f"{key}: {value}\r\n" for key, value in headers) + "\r\n").encode()


def response(action_id: str | None, status: str = "Success", **headers: str) -> bytes:
    """A response frame with the given ActionID and headers, in the order given."""
    return frame(("Response", status), ("ActionID", action_id or ""), *headers.items())


def list_start(action_id: str | None, message: str) -> bytes:
    """The response that opens a list action's events."""
    return frame(
        ("Response", "Success"), ("ActionID", action_id or ""), ("EventList", "start"), ("Message", message)
    )


def list_complete(action_id: str | None, complete_event: str, items: int) -> bytes:
    """The event that closes a list action's events."""
    return frame(
        ("Event", complete_event),
        ("ActionID", action_id or ""),
        ("EventList", "Complete"),
        ("ListItems", str(items)),
    )


def empty_list(action_id: str | None, complete_event: str) -> bytes:
    """A list action answered with no items."""
    return response(action_id, Message="List follows", EventList="start") + list_complete(
        action_id, complete_event, 0
    )


def replace_action_id(raw: bytes, old: str, new: str) -> bytes:
    """Recorded frames answer the recorded ActionID; re-address them to the client's ActionID."""
    return raw.replace(f"ActionID: {old}\r\n".encode(), f"ActionID: {new}\r\n".encode())


def recorded_frames(raw: bytes, action_id: str) -> bytes:
    """Every recorded frame (response and list events) carrying ``action_id``, in order, as bytes."""
    frames = [m for m in FrameParser().feed(raw) if m.action_id == action_id]
    return b"".join(message.encode() for message in frames)


def transcript_body(raw: bytes) -> bytes:
    """A recorded session without its banner, Login response and final Goodbye: what a live server
    would push to a client after login."""
    kept = [
        m
        for m in FrameParser().feed(raw)
        if not (m.response == "Goodbye" or m.get("Message") == "Authentication accepted")
    ]
    return b"".join(message.encode() for message in kept)
