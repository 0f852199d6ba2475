"""A record of the real run, call by call, and its normalised form: what the simulator is compared with.

One extra AMI connection (a plain socket, events on) records every event of the session with the time it
arrived. Each test is one segment of the run: the events and the queue_log lines between the start of its
setup and the end of its teardown (a module fixture's setup belongs to the module's first test). At the
end of the session the run is written to ``var/asterisk-runs/latest/``:

- ``events.jsonl``: every event, one JSON object a line, with ``_t`` (the arrival time, Unix seconds);
- ``queue_log``: the node's queue_log as Asterisk wrote it;
- ``scenarios.json``: per test, the range of events and queue_log lines it owns, and its normalised record.

``normalise()`` turns a segment into what stays the same from run to run (no uniqueids, times or channel
suffixes): per call, the queue events with their key headers and the queue_log lines; per member, the
sequence of its states; the reloads. ``tests/asterisk/reference/`` holds these records from a real run
(``python -m tests.asterisk.recorder write-reference``), ``test_95_reference.py`` checks that the real PBX
still produces them and ``tests/simulator/test_parity.py`` that the simulator does too.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / "var" / "asterisk-runs"
REFERENCE = Path(__file__).resolve().parent / "reference"

Event = dict[str, str]
Record = dict[str, Any]

# The events of a call, with the headers that say what happened to it.
CALL_EVENTS: dict[str, tuple[str, ...]] = {
    "QueueCallerJoin": ("Queue", "Position", "Count"),
    "QueueCallerLeave": ("Queue", "Position", "Count"),
    "QueueCallerAbandon": ("Queue", "Position", "OriginalPosition", "HoldTime"),
    "AgentCalled": ("Queue", "Interface", "MemberName"),
    "AgentRingNoAnswer": ("Queue", "Interface", "MemberName", "RingTime"),
    "AgentConnect": ("Queue", "Interface", "MemberName", "HoldTime", "RingTime"),
    "AgentComplete": ("Queue", "Interface", "MemberName", "HoldTime", "TalkTime", "Reason"),
    "AgentDump": ("Queue", "Interface", "MemberName"),
    "BlindTransfer": ("Result", "IsExternal", "Context", "Extension"),
    "AttendedTransfer": ("Result", "IsExternal"),
}
# The events of a member, with the headers that make up its state.
# InCall is left out: whether a device's INUSE reaches QueueMemberStatus before or after app_queue marks
# the member in a call is a race between two threads of Asterisk (the real runs show both).
MEMBER_EVENTS: dict[str, tuple[str, ...]] = dict.fromkeys(
    (
        "QueueMemberStatus",
        "QueueMemberPause",
        "QueueMemberAdded",
        "QueueMemberRemoved",
        "QueueMemberPenalty",
        "QueueMemberRinginuse",
    ),
    ("MemberName", "StateInterface", "Membership", "Penalty", "Status", "Paused", "PausedReason"),
)
NODE_EVENTS: dict[str, tuple[str, ...]] = {"Reload": ("Module", "Status")}
# Headers whose value is a duration: only its kind (whole seconds or milliseconds) is kept.
SECONDS = {"HoldTime", "TalkTime"}
MILLISECONDS = {"RingTime"}
# queue_log: the data fields that are durations (s, or ms for RINGNOANSWER) or uniqueids, by verb.
LOG_SECONDS: dict[str, tuple[int, ...]] = {
    "CONNECT": (0, 2),
    "COMPLETECALLER": (0, 1),
    "COMPLETEAGENT": (0, 1),
    "ABANDON": (2,),
    "EXITWITHTIMEOUT": (2,),
    "EXITEMPTY": (2,),
    "EXITWITHKEY": (3,),
    "BLINDTRANSFER": (2, 3),
    "ATTENDEDTRANSFER": (2, 3),
}
LOG_MILLISECONDS: dict[str, tuple[int, ...]] = {"RINGNOANSWER": (0,), "RINGCANCELED": (0,)}
# ... and file paths, which carry the date and the callid (dialplans/recording.conf).
LOG_FILES: dict[str, tuple[int, ...]] = {"RECORDING": (0,)}
_UNIQUEID = re.compile(r"^\d+\.\d+$")
RINGING = "6"  # QueueMemberStatus Status of a ringing device


# -- normalisation (pure: the simulator's tests use it too) ------------------------------------------
def duration(value: str, unit: str) -> str:
    """A duration becomes its unit: the value changes from run to run, its kind must not."""
    if not re.fullmatch(r"\d+", value or ""):
        return f"<not a number: {value}>"
    return f"<{unit}>"


def callid_kind(callid: str, calls: set[str]) -> str:
    if callid in calls:
        return "<call>"
    if _UNIQUEID.match(callid):
        return "<channel>"
    return callid


def log_line(fields: list[str], calls: set[str]) -> list[str]:
    """``epoch|callid|queue|agent|VERB|data...`` -> [callid kind, queue, agent, VERB, data...]."""
    _, callid, queue, agent, verb, *data = fields
    out = list(data)
    for index in LOG_SECONDS.get(verb, ()):
        if index < len(out):
            out[index] = duration(out[index], "s")
    for index in LOG_MILLISECONDS.get(verb, ()):
        if index < len(out):
            out[index] = duration(out[index], "ms")
    for index in LOG_FILES.get(verb, ()):
        if index < len(out):
            out[index] = "<file>" if out[index].startswith("/") else f"<not a path: {out[index]}>"
    out = ["<uniqueid>" if _UNIQUEID.match(value) else value for value in out]
    return [callid_kind(callid, calls), queue, agent, verb, *out]


def event_record(event: Event, keys: tuple[str, ...]) -> list[Any]:
    headers: dict[str, str] = {}
    for key in keys:
        if key not in event:
            continue
        value = event[key]
        if key in SECONDS:
            value = duration(value, "s")
        elif key in MILLISECONDS:
            value = duration(value, "ms")
        headers[key] = value
    return [event.get("Event", ""), headers]


def normalise(events: list[Event], queue_log: list[str]) -> Record:
    """A segment of a run, as it must be the same on every run and on the simulator.

    ``calls``: in the order they entered a queue, each call's queue events (``Uniqueid`` is the callid)
    and queue_log lines. ``log``: the queue_log lines of no call (pauses, members). ``members``: per
    ``<queue> <interface>``, its states, a state repeated by the next event counted once. ``node``: reloads.
    """
    lines = [line.split("|") for line in queue_log if line.count("|") >= 4]
    order: list[str] = []
    for fields in lines:
        if fields[4] == "ENTERQUEUE" and fields[1] not in order:
            order.append(fields[1])
    calls = set(order)
    record: Record = {
        "calls": [
            {
                "events": [
                    event_record(event, CALL_EVENTS[event.get("Event", "")])
                    for event in events
                    if event.get("Event") in CALL_EVENTS and event.get("Uniqueid") == callid
                ],
                "queue_log": [log_line(fields, calls) for fields in lines if fields[1] == callid],
            }
            for callid in order
        ],
        "log": [log_line(fields, calls) for fields in lines if fields[1] not in calls],
        "members": {},
        "node": [
            event_record(event, NODE_EVENTS[event["Event"]])
            for event in events
            if event.get("Event") in NODE_EVENTS
        ],
    }
    members: dict[str, list[list[Any]]] = record["members"]
    for event in events:
        name = event.get("Event", "")
        if name not in MEMBER_EVENTS:
            continue
        state = event_record(event, MEMBER_EVENTS[name])
        if name == "QueueMemberStatus" and event.get("Status") == RINGING:
            continue  # the test phones answer without a 180 Ringing: a real run has no ringing state to compare
        history = members.setdefault(f"{event.get('Queue', '')} {event.get('Interface', '')}", [])
        if not history or history[-1] != state:
            history.append(state)
    record["members"] = dict(sorted(members.items()))
    return record


def scenario_name(nodeid: str) -> str:
    """``tests/asterisk/test_20_unanswered.py::test_x[a]`` -> ``test_20_unanswered.test_x[a]``."""
    path, _, test = nodeid.partition("::")
    return f"{Path(path).stem}.{test}"


def reference_path(name: str) -> Path:
    return REFERENCE / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.json"


def load_reference(name: str) -> Record:
    record: Record = json.loads(reference_path(name).read_text())
    return record


# -- the recording ------------------------------------------------------------------------------------
@dataclass
class Segment:
    name: str
    event_start: int
    log_start: int
    event_end: int = -1
    log_end: int = -1


@dataclass
class Recorder:
    """Every AMI event of the session, in arrival order, and the segment each test owns."""

    port: int
    username: str
    secret: str
    queue_log: Path
    events: list[Event] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    _sock: socket.socket | None = None
    _thread: threading.Thread | None = None
    _pongs: set[str] = field(default_factory=set)
    _answered: threading.Condition = field(default_factory=threading.Condition)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pings: int = 0

    def start(self) -> None:
        self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self._sock.recv(100)  # banner
        self._send("Login", {"Username": self.username, "Secret": self.secret, "Events": "on"}, "login")
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._read, name="ami-recorder", daemon=True)
        self._thread.start()
        self._wait_pong("login", 10)

    def stop(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._send("Logoff", {}, "logoff")
            self._sock.close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _send(self, action: str, headers: dict[str, str], action_id: str) -> None:
        assert self._sock is not None
        lines = [f"Action: {action}", f"ActionID: recorder-{action_id}"]
        lines += [f"{key}: {value}" for key, value in headers.items()]
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

    def _read(self) -> None:
        assert self._sock is not None
        buffer = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                raw, buffer = buffer.split(b"\r\n\r\n", 1)
                message: Event = {}
                for line in raw.decode("utf-8", "replace").split("\r\n"):
                    key, sep, value = line.partition(":")
                    if sep:
                        message.setdefault(key.strip(), value.strip())
                if "Event" in message:
                    message["_t"] = f"{time.time():.6f}"
                    with self._lock:
                        self.events.append(message)
                elif message.get("ActionID", "").startswith("recorder-"):
                    with self._answered:
                        self._pongs.add(message["ActionID"][len("recorder-") :])
                        self._answered.notify_all()

    def _wait_pong(self, action_id: str, timeout: float) -> None:
        with self._answered:
            if not self._answered.wait_for(lambda: action_id in self._pongs, timeout):
                raise AssertionError(f"the recorder's AMI session did not answer {action_id}")

    def settle(self) -> None:
        """Every event Asterisk queued for this session before now has arrived (a Ping's answer follows them)."""
        self._pings += 1
        action_id = f"ping-{self._pings}"
        self._send("Ping", {}, action_id)
        self._wait_pong(action_id, 5)

    def log_lines(self) -> list[str]:
        return self.queue_log.read_text().splitlines() if self.queue_log.exists() else []

    def begin(self, name: str) -> None:
        start = self.segments[-1] if self.segments else None
        events = start.event_end if start else 0
        lines = start.log_end if start else 0
        self.segments.append(Segment(name, events, lines))

    def end(self) -> None:
        self.settle()
        segment = self.segments[-1]
        with self._lock:
            segment.event_end = len(self.events)
        segment.log_end = len(self.log_lines())

    def segment(self, name: str) -> tuple[list[Event], list[str]] | None:
        for segment in self.segments:
            if segment.name == name and segment.event_end >= 0:
                with self._lock:
                    events = self.events[segment.event_start : segment.event_end]
                return events, self.log_lines()[segment.log_start : segment.log_end]
        return None

    def record(self, name: str) -> Record | None:
        found = self.segment(name)
        return None if found is None else normalise(*found)

    def write(self, target: Path) -> None:
        """The artifact: events.jsonl, queue_log and scenarios.json in ``target`` (replaced)."""
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        with self._lock:
            events = list(self.events)
        with (target / "events.jsonl").open("w") as handle:
            for event in events:
                handle.write(json.dumps(event, sort_keys=True) + "\n")
        (target / "queue_log").write_text("\n".join(self.log_lines()) + "\n")
        scenarios = [
            {
                "name": segment.name,
                "events": [segment.event_start, segment.event_end],
                "queue_log": [segment.log_start, segment.log_end],
                "record": self.record(segment.name),
            }
            for segment in self.segments
            if segment.event_end >= 0
        ]
        (target / "scenarios.json").write_text(json.dumps(scenarios, indent=1) + "\n")


_RECORDER: list[Recorder] = []  # the session's recorder, once the node is up


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Each test owns the run from the start of its setup to the end of its teardown."""
    if _RECORDER:
        _RECORDER[0].begin(scenario_name(item.nodeid))
        pending = False
    else:
        pending = True
    yield
    if _RECORDER:
        recorder = _RECORDER[0]
        if pending:
            recorder.segments.insert(0, Segment(scenario_name(item.nodeid), 0, 0))
        recorder.end()


@pytest.fixture(scope="session", autouse=True)
def ami_recording(center: Any) -> Iterator[Recorder]:
    """The session's AMI record; written to var/asterisk-runs/latest/ when the session ends."""
    node = center.node
    recorder = Recorder(node.ami_port, node.ami_username, node.ami_secret, node.queue_log)
    recorder.start()
    _RECORDER.append(recorder)
    try:
        yield recorder
    finally:
        _RECORDER.clear()
        recorder.stop()
        recorder.write(RUNS / "latest")


# -- the committed reference --------------------------------------------------------------------------
def write_reference(run: Path, names: list[str]) -> list[Path]:
    """Write ``tests/asterisk/reference/<scenario>.json`` from a run's scenarios.json, for the named ones."""
    scenarios = {entry["name"]: entry for entry in json.loads((run / "scenarios.json").read_text())}
    with (run / "events.jsonl").open() as handle:
        events = [json.loads(line) for line in handle]
    lines = (run / "queue_log").read_text().splitlines()
    written = []
    REFERENCE.mkdir(exist_ok=True)
    for name in names:
        if name not in scenarios:
            raise SystemExit(f"{name}: not in {run / 'scenarios.json'}")
        path = reference_path(name)
        (first, last), (log_first, log_last) = scenarios[name]["events"], scenarios[name]["queue_log"]
        record = normalise(events[first:last], lines[log_first:log_last])
        path.write_text(json.dumps({"scenario": name, **record}, indent=1) + "\n")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    """``python -m tests.asterisk.recorder write-reference [RUN_DIR] [SCENARIO...]``.

    Without scenario names, the scenarios that already have a reference file are rewritten.
    """
    if not argv or argv[0] != "write-reference":
        print(main.__doc__)
        return 2
    run = Path(argv[1]) if len(argv) > 1 else RUNS / "latest"
    names = argv[2:] or sorted(json.loads(path.read_text())["scenario"] for path in REFERENCE.glob("*.json"))
    for path in write_reference(run, names):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
