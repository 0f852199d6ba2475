"""Asterisk's side: the recorded traffic, the probe events, and an AMI server that paces them."""

from __future__ import annotations

import asyncio
import contextlib
import time

PROBE_MEMBERS = 20
PROBE_RATE = 10.0
TICK_S = 0.01
BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def background_events(copies: int) -> list[bytes]:
    """Event frames of the recordings, renumbered per copy so that every call is a new call."""
    from benchmarks.ami_ingest import build_stream

    stream, _ = build_stream(copies)
    frames = stream.split(b"\r\n", 1)[1].split(b"\r\n\r\n")
    return [frame + b"\r\n\r\n" for frame in frames if frame.startswith(b"Event: ")]


def _frame(*headers: tuple[str, str]) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in headers) + "\r\n").encode()


def probe_interface(number: int) -> str:
    return f"Local/{1900 + number}@agents/n"


def probe_event(number: int, reason: str) -> bytes:
    interface = probe_interface(number)
    return _frame(
        ("Event", "QueueMemberPause"),
        ("Privilege", "agent,all"),
        ("Queue", "probe"),
        ("MemberName", f"Probe {number}"),
        ("Interface", interface),
        ("StateInterface", interface),
        ("Membership", "static"),
        ("Penalty", "0"),
        ("CallsTaken", "0"),
        ("LastCall", "0"),
        ("LastPause", "0"),
        ("LoginTime", "0"),
        ("InCall", "0"),
        ("Status", "1"),
        ("Paused", "1"),
        ("PausedReason", reason),
        ("Ringinuse", "0"),
        ("Wrapuptime", "0"),
    )


class PacedAMIServer:
    """Answers the bridge's login and resync, then writes events at a fixed rate when told to."""

    def __init__(self) -> None:
        self.writers: list[asyncio.StreamWriter] = []
        self.ready = asyncio.Event()
        self.sent_at: dict[str, float] = {}
        self.port = 0

    async def start(self) -> None:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self.server = server

    def _status(self, action_id: str) -> bytes:
        out = _frame(
            ("Response", "Success"),
            ("ActionID", action_id),
            ("EventList", "start"),
            ("Message", "Queue status will follow"),
        )
        out += _frame(
            ("Event", "QueueParams"),
            ("Queue", "probe"),
            ("Max", "0"),
            ("Strategy", "ringall"),
            ("Calls", "0"),
            ("ServiceLevel", "20"),
            ("ActionID", action_id),
        )
        for number in range(PROBE_MEMBERS):
            interface = probe_interface(number)
            out += _frame(
                ("Event", "QueueMember"),
                ("Queue", "probe"),
                ("Name", f"Probe {number}"),
                ("Location", interface),
                ("StateInterface", interface),
                ("Membership", "static"),
                ("Penalty", "0"),
                ("Status", "1"),
                ("Paused", "0"),
                ("PausedReason", ""),
                ("Wrapuptime", "0"),
                ("ActionID", action_id),
            )
        return out + _frame(
            ("Event", "QueueStatusComplete"),
            ("ActionID", action_id),
            ("EventList", "Complete"),
            ("ListItems", str(PROBE_MEMBERS + 1)),
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        from callcenter.ami.protocol import FrameParser

        writer.write(BANNER)
        parser = FrameParser(expect_banner=False)
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                for message in parser.feed(data):
                    action = (message.get("Action") or "").lower()
                    action_id = message.action_id or ""
                    if action == "login":
                        writer.write(
                            _frame(
                                ("Response", "Success"),
                                ("ActionID", action_id),
                                ("Message", "Authentication accepted"),
                            )
                        )
                    elif action == "queuestatus":
                        writer.write(self._status(action_id))
                    elif action == "coreshowchannels":
                        writer.write(
                            _frame(
                                ("Response", "Success"),
                                ("ActionID", action_id),
                                ("EventList", "start"),
                                ("Message", "Channels will follow"),
                            )
                        )
                        writer.write(
                            _frame(
                                ("Event", "CoreShowChannelsComplete"),
                                ("ActionID", action_id),
                                ("EventList", "Complete"),
                                ("ListItems", "0"),
                            )
                        )
                        self.writers.append(writer)
                        self.ready.set()
                    else:
                        writer.write(
                            _frame(("Response", "Success"), ("ActionID", action_id), ("Ping", "Pong"))
                        )
                await writer.drain()

    async def stream(self, events: list[bytes], rate: float, seconds: float) -> tuple[int, int]:
        """Write ``rate`` events a second for ``seconds``, probes included; returns (events, probes)."""
        per_tick = rate * TICK_S
        probe_every = 1.0 / PROBE_RATE
        loop = asyncio.get_running_loop()
        started = loop.time()
        next_probe = started
        sent = probes = 0
        budget = 0.0
        index = 0
        while (now := loop.time()) - started < seconds:
            budget += per_tick
            chunk: list[bytes] = []
            while budget >= 1:
                if now >= next_probe:
                    reason = f"probe-{probes}"
                    chunk.append(probe_event(probes % PROBE_MEMBERS, reason))
                    self.sent_at[reason] = time.perf_counter()
                    probes += 1
                    next_probe += probe_every
                else:
                    chunk.append(events[index % len(events)])
                    index += 1
                budget -= 1
                sent += 1
            self.write(b"".join(chunk))
            await asyncio.sleep(max(0.0, started + (sent / rate) - loop.time()))
        return sent, probes

    def write(self, data: bytes) -> None:
        for writer in self.writers:
            writer.write(data)
