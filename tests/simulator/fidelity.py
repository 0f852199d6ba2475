"""Helpers that compare simulator output with the recordings while ignoring ids, times and interleaving."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.simulator.amiclient import Frame, header, kind, parse_frames

_LOCAL_TAG = re.compile(r"-[0-9a-f]{8};")
CHANNEL_KEYS = ("Channel", "DestChannel", "SpyerChannel", "LocalOneChannel")
QUEUE_EVENTS = {
    "QueueCallerJoin",
    "QueueCallerLeave",
    "QueueCallerAbandon",
    "AgentCalled",
    "AgentRingNoAnswer",
    "AgentConnect",
    "AgentComplete",
    "QueueMemberStatus",
    "QueueMemberPause",
    "QueueMemberAdded",
    "QueueMemberRemoved",
    "QueueMemberPenalty",
    "ChanSpyStart",
    "ChanSpyStop",
}


def without(frames: list[Frame], skip: set[str]) -> list[Frame]:
    return [frame for frame in frames if kind(frame) not in skip]


def kinds(frames: list[Frame]) -> list[str]:
    return [kind(frame) for frame in frames]


def counts(frames: list[Frame]) -> Counter[str]:
    return Counter(header(frame, "Event") for frame in frames if header(frame, "Event"))


def per_channel(frames: list[Frame]) -> dict[str, list[str]]:
    """Event names per channel (the first channel header of each event), Local tags stripped."""
    result: dict[str, list[str]] = {}
    for frame in frames:
        if kind(frame) == "OriginateResponse":
            continue
        for key in CHANNEL_KEYS:
            channel = header(frame, key)
            if channel:
                result.setdefault(_LOCAL_TAG.sub(";", channel), []).append(kind(frame))
                break
    return result


def queue_sequence(frames: list[Frame]) -> list[tuple[str, str]]:
    return [(kind(frame), header(frame, "MemberName")) for frame in frames if kind(frame) in QUEUE_EVENTS]


def recorded_header_sets(fixtures: Path) -> dict[str, set[tuple[str, ...]]]:
    """For every event type in every recording, the header-name lists it was seen with (ActionID aside)."""
    shapes: dict[str, set[tuple[str, ...]]] = {}
    for path in sorted((fixtures / "transcripts").glob("*.ami")):
        if path.name.endswith(".sent.ami"):
            continue
        for frame in parse_frames(path.read_bytes())[1]:
            event = header(frame, "Event")
            if event:
                shapes.setdefault(event, set()).add(tuple(name for name, _ in frame if name != "ActionID"))
    return shapes


def masked(frame: Frame) -> Frame:
    """The frame with Uniqueids, Linkedids, member epochs, ActionIDs and Local channel tags masked."""
    epochs = {"LastCall", "LastPause", "LoginTime", "ActionID"}
    result: Frame = []
    for key, value in frame:
        if key.endswith(("Uniqueid", "Linkedid")) or key in epochs:
            value = "<id>"
        result.append((key, _LOCAL_TAG.sub("-X;", value)))
    return result
