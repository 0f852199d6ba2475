"""AMI ingest benchmark: parse plus reduce on one core, and panoramisk's parser on the same bytes.

The stream is built from the recorded Asterisk 22 transcripts (s01-s07) concatenated many times, with
Uniqueids and Local channel numbers renumbered in each copy so every call is a new call. It is fed in
64 KiB chunks, as the socket would deliver it.

    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.ami_ingest [--copies N]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
django.setup()

from benchmarks.timing import best_of  # noqa: E402
from callcenter.ami.protocol import FrameParser  # noqa: E402
from callcenter.live.state import LiveState  # noqa: E402
from tests.fixtures import ASTERISK_22  # noqa: E402
from tests.harness.recordings import QUEUE_SCENARIOS  # noqa: E402

# The recorded sessions with calls: the queue scenarios and the dialer's outbound one.
SCENARIOS = [*QUEUE_SCENARIOS, "s07_outbound"]
CHUNK = 65536
_UNIQUEID = re.compile(rb"(\b1795\d{6})\.(\d+)")
_LOCAL_SEQ = re.compile(rb"-([0-9a-f]{8});")


def _body(raw: bytes) -> bytes:
    """A transcript without its banner line (the long stream has one banner, at the start)."""
    return raw.split(b"\r\n", 1)[1]


def build_stream(copies: int) -> tuple[bytes, int]:
    directory = ASTERISK_22 / "transcripts"
    bodies = [_body((directory / f"{name}.ami").read_bytes()) for name in SCENARIOS]
    one = b"".join(bodies)
    parts = [b"Asterisk Call Manager/11.0.0\r\n"]
    for copy in range(copies):
        offset = copy * 1000

        def renumber(match: re.Match[bytes], offset: int = offset) -> bytes:
            return match.group(1) + b"." + str(int(match.group(2)) + offset).encode()

        def rechannel(match: re.Match[bytes], offset: int = offset) -> bytes:
            return b"-%08x;" % (int(match.group(1), 16) + offset)

        parts.append(_LOCAL_SEQ.sub(rechannel, _UNIQUEID.sub(renumber, one)))
    stream = b"".join(parts)
    # Every event follows the empty line that ends the previous frame (each body starts with a response).
    return stream, stream.count(b"\r\n\r\nEvent: ")


def _chunks(stream: bytes) -> list[bytes]:
    return [stream[i : i + CHUNK] for i in range(0, len(stream), CHUNK)]


def run_ours(chunks: list[bytes]) -> tuple[int, int]:
    parser = FrameParser()
    state = LiveState("bench")
    events = 0
    for chunk in chunks:
        now = time.time()
        for message in parser.feed(chunk):
            state.apply(message, now)
        state.take_delta(now)
    events = state.events
    return events, len(state.finished)


def run_parser_only(chunks: list[bytes]) -> tuple[int, int]:
    parser = FrameParser()
    events = 0
    for chunk in chunks:
        for message in parser.feed(chunk):
            if message.event is not None:
                events += 1
    return events, 0


def run_panoramisk(chunks: list[bytes]) -> tuple[int, int]:
    from panoramisk.ami_protocol import AMIProtocol

    counted = [0]

    class _Factory:
        forgetable_actions = ()
        awaiting_actions: list[object] = []

        def dispatch(self, message: object) -> None:
            counted[0] += 1

    protocol = AMIProtocol()
    protocol.connection_made(None)
    protocol.factory = _Factory()
    protocol.encoding = "utf8"
    for chunk in chunks:
        protocol.data_received(chunk)
    return counted[0], 0


def measure(
    label: str, func: Callable[[list[bytes]], tuple[int, int]], chunks: list[bytes], rounds: int
) -> float:
    elapsed, (events, _) = best_of(rounds, lambda: func(chunks), collect=True)
    best = events / elapsed
    print(f"{label:<38} {events:>9} events  {best:>10,.0f} events/s (best of {rounds})")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    stream, expected = build_stream(args.copies)
    chunks = _chunks(stream)
    print(f"stream: {len(stream) / 1e6:.1f} MB, {expected} events, {len(chunks)} chunks of {CHUNK} bytes")
    ours = measure("callcenter parse + reduce", run_ours, chunks, args.rounds)
    measure("callcenter parse only", run_parser_only, chunks, args.rounds)
    theirs = measure("panoramisk 1.4 parse only (AMIProtocol)", run_panoramisk, chunks, args.rounds)
    print(f"parse + reduce is {ours / theirs:.1f}x panoramisk's parser alone; target >= 150,000 events/s")


if __name__ == "__main__":
    main()
