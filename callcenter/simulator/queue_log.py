"""queue_log in Asterisk's file format: ``epoch|callid|queue|agent|VERB|data1|data2|...``."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO


def format_line(epoch: float, callid: str, queue: str, agent: str, verb: str, *data: object) -> str:
    """One line without its newline; like app_queue, the data part is always present, even when empty."""
    return "|".join([str(int(epoch)), callid, queue, agent, verb, "|".join(str(part) for part in data)])


class QueueLogWriter:
    """Appends lines to a file as Asterisk does (line-buffered, so a tailing loader sees whole lines)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: TextIO | None = None
        self.lines_written = 0

    def open(self) -> None:
        if self.path is not None and self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8", buffering=1)

    def write(self, epoch: float, callid: str, queue: str, agent: str, verb: str, *data: object) -> str:
        line = format_line(epoch, callid, queue, agent, verb, *data)
        if self._file is not None:
            self._file.write(line + "\n")
        self.lines_written += 1
        return line

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
