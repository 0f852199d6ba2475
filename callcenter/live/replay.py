"""Offline replay: a recorded transcript (raw AMI bytes) through the same parser and reducer as the bridge.

Transcripts carry no clock of their own (``timestampevents = no``), so the replay clock is taken from
the events: ``Timestamp`` when Asterisk adds it, else the creation epoch in each ``Uniqueid``. Waits and
talk times come from ``HoldTime``/``TalkTime``/``QUEUEWAIT``, which is what queue_log records too.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from callcenter.ami.protocol import FrameParser, Message
from callcenter.live.state import LiveState

_CHUNK = 65536


def read_transcript(path: str | Path) -> bytes:
    """The raw bytes of a transcript; ``.gz`` files are decompressed."""
    path = Path(path)
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            return handle.read()
    return path.read_bytes()


def _event_clock(message: Message, current: float) -> float:
    stamp = message.get("Timestamp") if message.event is not None else None
    if stamp:
        try:
            return max(current, float(stamp))
        except ValueError:
            return current
    uniqueid = message.get("Uniqueid")
    if uniqueid:
        head = uniqueid.partition(".")[0]
        if head.isdigit():
            return max(current, float(head))
    return current


def replay(data: bytes, *, server: str = "replay") -> tuple[LiveState, FrameParser, float]:
    """Feed ``data`` in socket-sized chunks; returns the final state, the parser and the replay clock."""
    parser = FrameParser()
    state = LiveState(server, history=None)
    now = 0.0
    for start in range(0, len(data), _CHUNK):
        for message in parser.feed(data[start : start + _CHUNK]):
            now = _event_clock(message, now)
            state.apply(message, now)
    return state, parser, now


def summary(state: LiveState, parser: FrameParser, now: float) -> dict[str, Any]:
    """The ``ami_replay --json`` object (the shape is fixed by the project's issue and docs/ami.md)."""
    calls = []
    for call in state.all_calls():
        wait = call.wait_s
        if wait is None:
            wait = max(0.0, now - call.joined_at) if call.joined_at is not None else 0.0
        calls.append(
            {
                "callid": call.callid,
                "queue": call.queue,
                "caller": call.caller,
                "agent": call.agent,
                "outcome": call.outcome,
                "wait_s": float(wait),
                "talk_s": call.talk_s,
                "transferred_to": call.transferred_to,
                "ended_by": call.ended_by,
            }
        )
    agents = {
        interface: {
            "name": agent.name,
            "state": agent.state,
            "queues": sorted(agent.queues),
            "pause_reason": agent.pause_reason if agent.state == "paused" else None,
            "answered": agent.answered_today,
        }
        for interface, agent in sorted(state.agents.items())
    }
    queues = {
        name: {
            "waiting": len(queue.waiting),
            "answered": queue.today["answered"],
            "abandoned": queue.today["abandoned"],
        }
        for name, queue in sorted(state.queues.items())
    }
    return {
        "events": state.events,
        "malformed": parser.malformed,
        "calls": calls,
        "agents": agents,
        "queues": queues,
    }


def replay_file(path: str | Path) -> dict[str, Any]:
    """Replay one transcript file and return the summary object."""
    state, parser, now = replay(read_transcript(path))
    return summary(state, parser, now)
