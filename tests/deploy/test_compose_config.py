"""scripts/compose-config.sh: validates docker/compose.yaml offline (`make compose-config`)."""

from __future__ import annotations

import os
import subprocess

import yaml

from tests.deploy.conftest import COMPOSE_CONFIG_SCRIPT, REPO_ROOT


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(COMPOSE_CONFIG_SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd="/",
    )


def test_the_compose_file_validates() -> None:
    result = run_script()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_make_compose_config_runs_the_script() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "compose-config"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_the_callers_environment_cannot_change_the_result() -> None:
    # A broken value in the shell (or a real secret) must neither fail nor leak into the check.
    env = {**os.environ, "RTP_PORT_START": "not-a-port", "SECRET_KEY": "from-the-shell"}
    result = run_script("--print", env=env)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["services"]["web"]["environment"]["SECRET_KEY"] == "compose-config-placeholder"
    assert "from-the-shell" not in result.stdout


def test_an_unknown_argument_is_refused() -> None:
    result = run_script("--frobnicate")
    assert result.returncode == 2
    assert "usage:" in result.stderr
