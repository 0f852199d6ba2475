"""Fixtures of the deployment tests: the compose file as written, as compose resolves it, and its env file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKER_DIR = REPO_ROOT / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"
ENV_EXAMPLE = DOCKER_DIR / ".env.example"
COMPOSE_CONFIG_SCRIPT = REPO_ROOT / "scripts" / "compose-config.sh"

# Services built from docker/app/Dockerfile: the control plane.
APP_SERVICES = ("migrate", "web", "bridge", "worker", "beat")
# Services that must run all the time (everything but the one-shot migrate step).
LONG_RUNNING = ("postgres", "redis", "asterisk", "web", "bridge", "worker", "beat", "proxy")


def compose_command() -> list[str]:
    """The compose CLI scripts/compose-config.sh would use: the v2 plugin first, then Debian's docker-compose."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    raise RuntimeError(
        "neither `docker compose` nor `docker-compose` is installed "
        "(apt-get install --no-install-recommends docker-compose)"
    )


def env_example_values() -> dict[str, str]:
    """KEY=value lines of docker/.env.example, in order."""
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


@pytest.fixture(scope="session")
def compose_raw() -> dict[str, Any]:
    """docker/compose.yaml as written (YAML anchors and merge keys applied, ${VAR} left as text)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="session")
def compose_resolved() -> dict[str, Any]:
    """The configuration compose itself resolves from the file and the .env.example-based env file."""
    result = subprocess.run(
        ["bash", str(COMPOSE_CONFIG_SCRIPT), "--print"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return env_example_values()
