"""A real Asterisk 22 node on 127.0.0.1, laid out the way the Asterisk image lays out /etc/asterisk.

The node's base files are the image's own (docker/asterisk/conf), its manager.conf / rtp.conf come from the
image's docker/asterisk/render-node-config.sh, and its call-center files are whatever `pbx_apply` puts in
``<etc>/callcenter``. Only asterisk.conf's directories point into the test's own folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("ASTERISK_BUILD_DIR") or ROOT / "var" / "asterisk")
ASTERISK_BIN = BUILD / "install" / "sbin" / "asterisk"
MODULES_DIR = BUILD / "install" / "lib" / "asterisk" / "modules"
PJSUA_BIN = BUILD / "bin" / "pjsua"
IMAGE_CONF = ROOT / "docker" / "asterisk" / "conf"
NODE_SCRIPT = ROOT / "docker" / "asterisk" / "render-node-config.sh"

T = TypeVar("T")

# A log line of ours: WARNING or ERROR. Lines that name none of our files are judged by `ours()`.
_PROBLEM = re.compile(r"\b(WARNING|ERROR)\[")


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], T | None], timeout: float, what: str, interval: float = 0.05) -> T:
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.1f} s waiting for {what}")
        time.sleep(interval)


def wait_agreement(
    differences: Callable[[], list[str]], timeout: float, what: str, interval: float = 0.05
) -> None:
    """Poll ``differences`` until it finds none; after ``timeout`` s fail with ``what`` and the last ones."""
    last: list[str] = []

    def agree() -> bool:
        nonlocal last
        last = differences()
        return not last

    try:
        wait_until(agree, timeout, what, interval)
    except AssertionError as exc:
        raise AssertionError(f"{exc}:\n" + "\n".join(last)) from None


def ensure_built() -> None:
    if not ASTERISK_BIN.exists() or not PJSUA_BIN.exists():
        raise RuntimeError(f"no Asterisk build in {BUILD}: run `make asterisk` (or `make test-asterisk`)")


@dataclass
class AsteriskNode:
    """One Asterisk process: its folders, its AMI port and credentials, its log."""

    root: Path
    ami_port: int = field(default_factory=free_port)
    ami_username: str = "callcenter"
    ami_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    sip_port: int = field(default_factory=lambda: free_port(socket.SOCK_DGRAM))
    carrier_port: int = field(default_factory=lambda: free_port(socket.SOCK_DGRAM))  # the trunk's far end
    rtp_ports: tuple[int, int] = (20000, 20998)  # two nodes on one host need ranges of their own
    process: subprocess.Popen[bytes] | None = None

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    @property
    def config_dir(self) -> Path:
        """Where the control plane applies its files (AsteriskServer.config_dir)."""
        return self.etc / "callcenter"

    @property
    def log_dir(self) -> Path:
        return self.root / "log"

    @property
    def queue_log(self) -> Path:
        return self.log_dir / "queue_log"

    @property
    def messages_log(self) -> Path:
        return self.log_dir / "messages.log"

    @property
    def sounds(self) -> Path:
        return self.root / "data" / "sounds"

    @property
    def recordings(self) -> Path:
        return self.root / "spool" / "monitor" / "callcenter"

    @property
    def conf_file(self) -> Path:
        return self.etc / "asterisk.conf"

    def prepare(self) -> None:
        """Lay out the folders and the image's base configuration."""
        for sub in (
            "etc",
            "log/cdr-csv",
            "log/cdr-custom",
            "data/sounds/en",
            "data/moh",
            "lib/db",
            "spool/monitor",
            "run",
            "agi",
        ):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        # Asterisk's XML documentation describes every config option; without it res_stasis refuses to start.
        (self.root / "data" / "documentation").symlink_to(
            BUILD / "install" / "var" / "lib" / "asterisk" / "documentation"
        )
        for path in IMAGE_CONF.iterdir():
            shutil.copy(path, self.etc / path.name)
        text = (IMAGE_CONF / "asterisk.conf").read_text()
        directories = {
            "astetcdir": self.etc,
            "astmoddir": MODULES_DIR,
            "astvarlibdir": self.root / "lib",
            "astdbdir": self.root / "lib" / "db",
            "astkeydir": self.root / "lib",
            "astdatadir": self.root / "data",
            "astagidir": self.root / "agi",
            "astspooldir": self.root / "spool",
            "astrundir": self.root / "run",
            "astlogdir": self.log_dir,
            "astsbindir": ASTERISK_BIN.parent,
        }
        for key, value in directories.items():
            text, count = re.subn(rf"(?m)^{key}\s*=>.*$", f"{key} => {value}", text)
            assert count == 1, f"the image's asterisk.conf has no single {key}"
        self.conf_file.write_text(text)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AMI_USERNAME": self.ami_username,
            "AMI_SECRET": self.ami_secret,
            "AMI_PERMIT": "127.0.0.1/32",
            "AMI_PORT": str(self.ami_port),
            "AMI_BIND": "127.0.0.1",
            "RTP_PORT_START": str(self.rtp_ports[0]),
            "RTP_PORT_END": str(self.rtp_ports[1]),
            "SIP_LOCAL_NETS": "127.0.0.0/8",
        }
        subprocess.run(["bash", str(NODE_SCRIPT), str(self.etc)], env=env, check=True, timeout=30)
        self.config_dir.mkdir(exist_ok=True)
        self.recordings.mkdir(parents=True, exist_ok=True)
        _sox(self.root / "data" / "moh" / "tone.wav", "2")  # the image ships music on hold; so does the node

    def make_prompts(self, rendered: Iterable[str]) -> None:
        """Short tone prompts (Asterisk ships no sounds in its source) for every prompt the ``rendered``
        files and app_queue itself can play."""
        for name in sorted(prompts_in(rendered) | QUEUE_PROMPTS):
            for language in ("en", "ru"):
                target = self.sounds / language / f"{name}.wav"
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _sox(target, "0.3")

    def start(self) -> None:
        ensure_built()
        self.process = subprocess.Popen(
            [str(ASTERISK_BIN), "-f", "-C", str(self.conf_file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self._fully_booted, 60, "Asterisk to finish booting")

    def _fully_booted(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"Asterisk exited with {self.process.returncode}; see {self.messages_log}")
        try:
            return "fully booted" in self.cli("core waitfullybooted", timeout=5)
        except subprocess.SubprocessError:
            return False

    def cli(self, command: str, timeout: float = 15) -> str:
        """Run one CLI command on the node over its control socket."""
        result = subprocess.run(
            [str(ASTERISK_BIN), "-C", str(self.conf_file), "-rx", command],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise subprocess.SubprocessError(result.stderr or result.stdout)
        return result.stdout

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_lines(self) -> list[str]:
        if not self.messages_log.exists():
            return []
        return self.messages_log.read_text(errors="replace").splitlines()

    def problems(self, since: int = 0) -> list[str]:
        """WARNING and ERROR lines of the log from line ``since`` on."""
        return [line for line in self.log_lines()[since:] if _PROBLEM.search(line)]

    def queue_log_lines(self) -> list[str]:
        if not self.queue_log.exists():
            return []
        return self.queue_log.read_text().splitlines()


def _sox(target: Path, seconds: str) -> None:
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "8000",
            "-c",
            "1",
            "-b",
            "16",
            str(target),
            "synth",
            seconds,
            "sine",
            "440",
            "vol",
            "0.2",
        ],
        check=True,
        timeout=30,
    )


# What app_queue and ChanSpy play by themselves (announcements of position and hold time, digits).
QUEUE_PROMPTS = {
    "queue-youarenext", "queue-thereare", "queue-callswaiting", "queue-holdtime", "queue-minutes",
    "queue-minute", "queue-seconds", "queue-thankyou", "queue-reporthold", "queue-periodic-announce",
    "queue-less-than", "queue-quantity1", "queue-quantity2", "beep", "spy-pjsip", "spy-local",
    *(f"digits/{n}" for n in [*range(0, 21), 30, 40, 50, 60, 70, 80, 90]),
    "digits/hundred", "digits/thousand", "minutes", "minute", "seconds", "second",
}  # fmt: skip


def prompts_in(texts: Iterable[str]) -> set[str]:
    """Every prompt the rendered dialplan and queues can play, read from the rendered files."""
    names: set[str] = set()
    for text in texts:
        for match in re.finditer(r"(?:Playback|Background)\(([^),$]+)", text):
            names.add(match.group(1).strip())
        for match in re.finditer(r"(?m)^CC_[A-Z_]+=([a-z0-9/_-]+)$", text):
            value = match.group(1)
            if not value.startswith("/"):
                names.add(value)
        for match in re.finditer(r"(?m)^(?:periodic-announce|announce)\s*=\s*(\S+)$", text):
            names.add(match.group(1))
        for match in re.finditer(r"Read\([A-Z_]+,([a-z0-9/_-]+)", text):
            names.add(match.group(1))
    return {name for name in names if re.fullmatch(r"[A-Za-z0-9/_-]+", name)}


def iter_new_lines(path: Path, start: int) -> Iterator[str]:
    lines = path.read_text().splitlines() if path.exists() else []
    yield from lines[start:]
