"""Which apps the settings install: the simulator and the demo only for the demo and local use."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_APPS = {"callcenter.simulator", "callcenter.demo"}
_PRINT = "import json; from callcenter import settings as s; print(json.dumps(s.INSTALLED_APPS))"


def installed_apps(tmp_path: Path, **extra: str) -> set[str]:
    """INSTALLED_APPS as a fresh interpreter reads them from this environment (production by default)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_DEBUG", "CALLCENTER_DEMO")}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "cc.example.com",
            "CALLCENTER_VAR_DIR": str(tmp_path),
            **extra,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", _PRINT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_production_installs_neither_the_simulator_nor_the_demo(tmp_path: Path) -> None:
    apps = installed_apps(tmp_path)
    assert "callcenter.wallboard" in apps
    assert not apps & DEV_APPS


def test_the_demo_installs_the_simulator_and_the_demo(tmp_path: Path) -> None:
    assert installed_apps(tmp_path, CALLCENTER_DEMO="1") >= DEV_APPS


def test_debug_installs_the_simulator_and_the_demo_for_the_tests(tmp_path: Path) -> None:
    assert installed_apps(tmp_path, DJANGO_DEBUG="1") >= DEV_APPS
