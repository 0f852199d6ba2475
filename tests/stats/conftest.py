"""Helpers for the statistics tests: load the recorded queue_log files, write hand-made ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from callcenter.stats.loader import LoadResult, load_file
from tests.harness.recordings import QUEUE_SCENARIOS

# 2026-11-23 09:00:00 UTC (12:00 in Moscow), a Monday: the start of the hand-written scenarios.
T0 = 1795424400


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Report files built by the tests go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def load_fixture(asterisk_fixtures: Path, db: None) -> Callable[..., LoadResult]:
    """Load recorded queue_log scenarios (all of them by default) as server ``pbx1``."""

    def load(*names: str) -> LoadResult:
        total = LoadResult()
        for name in names or QUEUE_SCENARIOS:
            total.add(load_file(asterisk_fixtures / "queue_log" / f"{name}.queue_log", "pbx1"))
        return total

    return load


@pytest.fixture
def write_log(tmp_path: Path) -> Callable[..., Path]:
    """Write (or append) queue_log lines to a file under tmp_path; each line gets its newline."""

    def write(lines: list[str], name: str = "queue_log", *, append: bool = False) -> Path:
        path = tmp_path / name
        with path.open("a" if append else "w", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in lines)
        return path

    return write
