"""The project's Python run in a fresh interpreter from the repository root, under a chosen environment:
settings are read once per process, so each environment under test needs a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``python *args`` with exactly ``env`` as its environment; its output as text."""
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def check_deploy(env: dict[str, str], *, fail_level: str) -> subprocess.CompletedProcess[str]:
    """Django's deployment checks (``manage.py check --deploy``), failing at ``fail_level`` or above."""
    return run_python("manage.py", "check", "--deploy", "--fail-level", fail_level, env=env)
