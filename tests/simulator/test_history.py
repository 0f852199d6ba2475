"""Past traffic from the simulator: deterministic, in working hours, and with nothing left open at the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from callcenter.simulator.config import parse_queues_conf
from callcenter.simulator.history import HistoryOptions, ShiftMember, write_history
from callcenter.simulator.queue_log import QueueLogWriter

ZONE = ZoneInfo("Europe/Moscow")
QUEUES = """
[general]
[support]
strategy = rrmemory
timeout = 15
context = cc-queue-exit-support
[sales]
strategy = leastrecent
timeout = 15
"""
MEMBERS = [
    ShiftMember(queue, f"PJSIP/{ext}", f"Agent {ext}", 0, f"PJSIP/{ext}")
    for queue, extensions in (("support", ("1001", "1002", "1003")), ("sales", ("1003", "1004")))
    for ext in extensions
]
# Friday to Sunday noon.
START = dt.datetime(2026, 11, 20, tzinfo=ZONE)
END = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZONE)
END_STATES = {"COMPLETECALLER", "COMPLETEAGENT", "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "BLINDTRANSFER"}


def _write(path: Path, seed: int = 3) -> list[list[str]]:
    writer = QueueLogWriter(path)
    writer.open()
    write_history(
        parse_queues_conf(QUEUES),
        MEMBERS,
        writer,
        start=START,
        end=END,
        options=HistoryOptions(
            calls_per_hour=40,
            weekend_interfaces=frozenset({"PJSIP/1001", "PJSIP/1003"}),
            transfer_targets={"support": "sales"},
            transfer_share=0.2,
            callback_queues=frozenset({"support"}),
            recorded_queues=frozenset({"sales"}),
            recordings_dir=Path("/rec"),
        ),
        seed=seed,
    )
    writer.close()
    return [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_same_seed_writes_the_same_history(tmp_path: Path) -> None:
    assert _write(tmp_path / "one") == _write(tmp_path / "two")
    assert _write(tmp_path / "three", seed=4) != _write(tmp_path / "four")


def test_callers_arrive_in_working_hours_only(tmp_path: Path) -> None:
    hours = {
        (
            dt.datetime.fromtimestamp(int(f[0]), tz=ZONE).weekday(),
            dt.datetime.fromtimestamp(int(f[0]), tz=ZONE).hour,
        )
        for f in _write(tmp_path / "log")
        if f[4] == "ENTERQUEUE"
    }
    assert all(8 <= hour < 20 if day < 5 else 9 <= hour < 18 for day, hour in hours)
    assert {day for day, _ in hours} == {4, 5, 6}


def test_weekend_shifts_log_in_only_the_weekend_agents(tmp_path: Path) -> None:
    weekend = {
        f[3]
        for f in _write(tmp_path / "log")
        if f[4] == "ADDMEMBER" and dt.datetime.fromtimestamp(int(f[0]), tz=ZONE).weekday() >= 5
    }
    assert weekend == {"PJSIP/1001", "PJSIP/1003"}


def test_every_call_and_session_is_closed_at_the_end(tmp_path: Path) -> None:
    lines = _write(tmp_path / "log")
    entered = {(f[1], f[2]) for f in lines if f[4] == "ENTERQUEUE"}
    ended = {(f[1], f[2]) for f in lines if f[4] in END_STATES}
    assert entered == ended
    added = sorted((f[2], f[3]) for f in lines if f[4] == "ADDMEMBER")
    assert added == sorted((f[2], f[3]) for f in lines if f[4] == "REMOVEMEMBER")
    assert max(int(f[0]) for f in lines) <= END.timestamp()


def test_answered_calls_of_a_recorded_queue_name_their_file(tmp_path: Path) -> None:
    lines = _write(tmp_path / "log")
    answered = {f[1] for f in lines if f[2] == "sales" and f[4] == "CONNECT"}
    recorded = {f[1]: f[5] for f in lines if f[4] == "RECORDING"}
    assert set(recorded) == answered
    callid, path = next(iter(recorded.items()))
    assert path.startswith("/rec/sales/2026/11/") and path.endswith(f"/sales-{callid}.wav")


def test_transfers_and_callback_requests_are_logged(tmp_path: Path) -> None:
    lines = _write(tmp_path / "log")
    transfers = [f for f in lines if f[4] == "BLINDTRANSFER"]
    assert transfers and {f[5] for f in transfers} == {"sales"}
    requests = [f for f in lines if f[4] == "CALLBACKREQUEST"]
    keys = {f[1] for f in lines if f[4] == "EXITWITHKEY"}
    assert requests and {f[1] for f in requests} <= keys
    assert all(f[5].isdigit() and f[6].isdigit() for f in requests)
