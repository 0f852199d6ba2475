"""SIP phones for the real-Asterisk suite: pjsua processes driven through their console menu.

An agent's phone registers with the endpoint and password the control plane rendered, and answers every
call by itself. A caller is an unregistered pjsua on the trunk's address that dials a DID. Output lines are
collected by a reader thread; tests wait on a pattern with a bound, never on a fixed sleep.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from tests.asterisk.node import PJSUA_BIN, free_port

_DISCONNECTED = re.compile(r"Call (\d+) is DISCONNECTED")
_CONFIRMED = re.compile(r"Call (\d+) state changed to CONFIRMED")


@dataclass
class Phone:
    """One pjsua process."""

    name: str
    args: list[str]
    process: subprocess.Popen[str] | None = None
    lines: list[str] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> Phone:
        self.process = subprocess.Popen(
            # pjsua's log goes through stdio: line-buffer it, or a pipe holds it back for kilobytes.
            ["stdbuf", "-oL", str(PJSUA_BIN), *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            errors="replace",
        )
        threading.Thread(target=self._read, name=f"pjsua-{self.name}", daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self.lines.append("<exited>")
            self._cond.notify_all()

    def mark(self) -> int:
        """The current end of the output: wait for patterns after it."""
        with self._cond:
            return len(self.lines)

    def wait_for(self, pattern: str, timeout: float = 10, since: int = 0) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            index = since
            while True:
                while index < len(self.lines):
                    match = regex.search(self.lines[index])
                    index += 1
                    if match:
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    tail = "\n".join(line for line in self.lines if not line.startswith(("|", "+")))[-4000:]
                    raise AssertionError(
                        f"{self.name}: no {pattern!r} within {timeout} s; last output:\n{tail}"
                    )
                self._cond.wait(remaining)

    def send(self, *lines: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        for line in lines:
            self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    # -- what a person does with a phone ----------------------------------------------------------
    def dial(self, uri: str) -> int:
        since = self.mark()
        self.send("m", uri)
        return since

    def call(self, number: str, sip_port: int) -> int:
        """Dial ``number`` on the node listening on ``sip_port`` and wait for the answer; the dial's mark."""
        since = self.dial(f"sip:{number}@127.0.0.1:{sip_port}")
        self.wait_confirmed(since)
        return since

    def choose(self, since: int, digit: str) -> None:
        """Once the answered call's audio flows (a menu's greeting), press ``digit``."""
        self.wait_media(since)
        self.dtmf(digit)

    def dtmf(self, digits: str) -> None:
        """RFC 4733 DTMF on the current call."""
        self.send("#", digits)

    def hangup(self) -> None:
        self.send("h")

    def transfer(self, uri: str) -> None:
        """Blind transfer (SIP REFER) of the current call."""
        self.send("x", uri)

    def register_with(self, endpoint: str, password: str, sip_port: int, timeout: float = 15) -> None:
        """Add an account registered with another registrar (a phone falling back to its second server)."""
        since = self.mark()
        self.send("+a", f"sip:{endpoint}@127.0.0.1", f"sip:127.0.0.1:{sip_port}", "*", endpoint, password)
        self.wait_for("registration success", timeout, since)

    def wait_confirmed(self, since: int, timeout: float = 15) -> None:
        self.wait_for(_CONFIRMED.pattern, timeout, since)

    def wait_media(self, since: int, timeout: float = 10) -> None:
        """The call's audio is flowing (pjsua connects the call to its null sound port)."""
        self.wait_for(r"Ports connection|Port \d+ \(.*\) transmitting to port", timeout, since)

    def wait_disconnected(self, since: int, timeout: float = 15) -> str:
        return self.wait_for(r"Call \d+ is DISCONNECTED.*", timeout, since).group(0)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.send("q")
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=5)


def _common(port: int) -> list[str]:
    return [
        "--null-audio",
        "--ip-addr=127.0.0.1",
        "--bound-addr=127.0.0.1",
        f"--local-port={port}",
        f"--rtp-port={free_port(0x02) // 2 * 2}",
        "--no-tcp",
        "--no-vad",
        "--max-calls=4",
        "--log-level=3",
        "--app-log-level=3",
        "--dis-codec=all",
        "--add-codec=PCMA",
        "--add-codec=PCMU",
    ]


def registered_phone(endpoint: str, password: str, sip_port: int, *, auto_answer: bool = True) -> Phone:
    """A desk phone registered as ``endpoint`` (an agent's or a supervisor's), answering by itself."""
    port = free_port(0x02)
    args = [
        *_common(port),
        f"--id=sip:{endpoint}@127.0.0.1",
        f"--registrar=sip:127.0.0.1:{sip_port}",
        "--realm=*",
        f"--username={endpoint}",
        f"--password={password}",
        "--reg-timeout=300",
    ]
    if auto_answer:
        args.append("--auto-answer=200")
    phone = Phone(endpoint, args).start()
    phone.wait_for(r"registration success", timeout=15)
    return phone


def caller_phone(number: str, port: int | None = None, *, duration: int | None = None) -> Phone:
    """A customer on the carrier's side of the trunk: not registered, calling from the trunk's address.
    With ``duration``, pjsua hangs each call up by itself after that many seconds."""
    args = [*_common(port or free_port(0x02)), f"--id=sip:{number}@127.0.0.1", "--auto-answer=200"]
    if duration is not None:
        args.append(f"--duration={duration}")
    phone = Phone(number, args).start()
    phone.wait_for(r"Ready: Success", timeout=10)
    return phone


class Phones(dict[str, Phone]):
    """A run's phones by name (agents' extensions, callers, the carrier's far end); stopped together."""

    def register(self, extensions: Iterable[str], passwords: dict[str, str], sip_port: int) -> None:
        """A phone per extension, registered with the node on ``sip_port`` with its account's password."""
        for extension in extensions:
            self[extension] = registered_phone(extension, passwords[extension], sip_port)

    def stop(self) -> None:
        for phone in self.values():
            phone.stop()
