"""A deliberately small raw AMI reader for the simulator's tests (independent of callcenter.ami)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from pathlib import Path

Frame = list[tuple[str, str]]


def parse_frames(data: bytes) -> tuple[str, list[Frame]]:
    """Split raw AMI bytes (as in transcripts/*.ami) into the banner and header lists."""
    text = data.decode("utf-8")
    banner, _, rest = text.partition("\r\n")
    frames: list[Frame] = []
    for block in rest.split("\r\n\r\n"):
        if not block.strip():
            continue
        frame: Frame = []
        for line in block.split("\r\n"):
            name, sep, value = line.partition(": ")
            if sep:
                frame.append((name, value))
            elif line.endswith(":"):
                frame.append((line[:-1], ""))
        frames.append(frame)
    return banner, frames


def header(frame: Frame, key: str, default: str = "") -> str:
    return next((value for name, value in frame if name == key), default)


def names(frame: Frame) -> list[str]:
    return [name for name, _ in frame]


def kind(frame: Frame) -> str:
    event = header(frame, "Event")
    return event if event else "Response:" + header(frame, "Response")


def load_transcript(fixtures: Path, scenario: str) -> list[Frame]:
    return parse_frames((fixtures / "transcripts" / f"{scenario}.ami").read_bytes())[1]


class RawAMI:
    """Connects, sends actions, and collects every frame received, in order."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.banner = ""
        self.frames: list[Frame] = []
        self._ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    @classmethod
    async def connect(cls, port: int) -> RawAMI:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        client = cls(reader, writer)
        client.banner = (await asyncio.wait_for(reader.readline(), 5)).decode()
        client._task = asyncio.create_task(client._read())
        return client

    async def _read(self) -> None:
        frame: Frame = []
        try:
            while True:
                line = await self.reader.readline()
                if not line:
                    break
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                if text:
                    name, _, value = text.partition(": ")
                    frame.append((name, value))
                    continue
                if frame:
                    self.frames.append(frame)
                    frame = []
                    self._arrived.set()
        except ConnectionError:
            pass
        finally:
            self.closed.set()
            self._arrived.set()

    def send(self, action: str, *headers: tuple[str, str], action_id: str | None = None) -> str:
        action_id = action_id or f"t-{next(self._ids)}"
        lines = [f"Action: {action}", f"ActionID: {action_id}", *(f"{k}: {v}" for k, v in headers)]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        return action_id

    def send_caller(self, queue: str, patience: int, *variables: str) -> str:
        """Originate a caller as the recordings make them, not waiting for the answer: a channel
        Local/<queue>@queue-entry running Wait(patience), with channel ``variables`` ("NAME=value")."""
        return self.send(
            "Originate",
            ("Channel", f"Local/{queue}@queue-entry"),
            ("Application", "Wait"),
            ("Data", str(patience)),
            ("Async", "1"),
            *(("Variable", variable) for variable in variables),
        )

    def send_raw(self, data: bytes) -> None:
        self.writer.write(data)

    async def wait_for(
        self, predicate: Callable[[Frame], bool], timeout: float = 5.0, start: int = 0
    ) -> Frame:
        """The first frame at or after index ``start`` matching ``predicate``, waiting up to ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = start
        while True:
            while index < len(self.frames):
                if predicate(self.frames[index]):
                    return self.frames[index]
                index += 1
            if self.closed.is_set():
                raise ConnectionError("connection closed before the frame arrived")
            self._arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("frame did not arrive")
            await asyncio.wait_for(self._arrived.wait(), remaining)

    async def response(self, action_id: str, timeout: float = 5.0) -> Frame:
        return await self.wait_for(
            lambda f: header(f, "ActionID") == action_id and header(f, "Response") != "", timeout
        )

    async def action(self, action: str, *headers: tuple[str, str], action_id: str | None = None) -> Frame:
        return await self.response(self.send(action, *headers, action_id=action_id))

    async def login(
        self,
        username: str = "ccadmin",
        secret: str = "ccadmin-dummy-secret",  # noqa: S107 - the recordings' published dummy secret
        events: str = "on",
    ) -> Frame:
        return await self.action("Login", ("Username", username), ("Secret", secret), ("Events", events))

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
        if self._task is not None:
            await asyncio.wait_for(self._task, 5)
