"""Fixtures of the deployment tests: the compose file as written, as compose resolves it, and its env file."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery, Task

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKER_DIR = REPO_ROOT / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"
ENV_EXAMPLE = DOCKER_DIR / ".env.example"
COMPOSE_CONFIG_SCRIPT = REPO_ROOT / "scripts" / "compose-config.sh"

# Services built from docker/app/Dockerfile: the control plane.
APP_SERVICES = ("migrate", "web", "bridge", "worker", "dialer-worker", "beat")
# Services that must run all the time (everything but the one-shot migrate step).
LONG_RUNNING = (
    "postgres",
    "redis",
    "asterisk",
    "web",
    "bridge",
    "worker",
    "dialer-worker",
    "beat",
    "proxy",
)


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


def load_compose_raw() -> dict[str, Any]:
    """docker/compose.yaml as written (YAML anchors and merge keys applied, ${VAR} left as text)."""
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return loaded


def service_argv(service: dict[str, Any]) -> list[str]:
    """A service's command as an argument list (empty when it runs its image's default command)."""
    command = service.get("command")
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


# Options of the `celery` command itself that take their value as the next argument.
CELERY_GLOBAL_OPTIONS_WITH_VALUE = frozenset(
    {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
)


def celery_subcommand(argv: list[str]) -> str | None:
    """``worker`` or ``beat`` (...) when the command runs the Celery CLI, else None."""
    if not argv or Path(argv[0]).name != "celery":
        return None
    args = iter(argv[1:])
    for arg in args:
        if arg in CELERY_GLOBAL_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def worker_queues(argv: list[str]) -> set[str] | None:
    """The queues a ``celery worker`` command names with --queues / -Q; None when it names none."""
    queues: set[str] | None = None
    for index, arg in enumerate(argv):
        value: str | None = None
        if arg.startswith("--queues="):
            value = arg.removeprefix("--queues=")
        elif arg in {"--queues", "-Q"} and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("-Q") and len(arg) > 2:
            value = arg[2:].lstrip("=")
        if value is not None:
            queues = (queues or set()) | {name.strip() for name in value.split(",") if name.strip()}
    return queues


def consumed_queues(compose: dict[str, Any], default_queue: str) -> dict[str, set[str]]:
    """Worker service name -> the queues it consumes (a worker naming none consumes the default queue)."""
    found: dict[str, set[str]] = {}
    for name, service in compose["services"].items():
        argv = service_argv(service)
        if celery_subcommand(argv) == "worker":
            named = worker_queues(argv)
            found[name] = named if named is not None else {default_queue}
    return found


def routed_queue(app: Celery, task: Task[..., Any], options: Mapping[str, Any] | None = None) -> str:
    """The queue ``task.apply_async(**options)`` publishes to, decided as Celery decides it at send time."""
    # apply_async starts from the task's own execution options (its queue, routing key, ...).
    exec_options: dict[str, Any] = task._get_exec_options()  # type: ignore[attr-defined]  # not in the stubs
    route = app.amqp.router.route({**exec_options, **(options or {})}, task.name, (), {}, type(task))
    return str(route["queue"].name)


@pytest.fixture(scope="session")
def compose_raw() -> dict[str, Any]:
    """docker/compose.yaml as written (YAML anchors and merge keys applied, ${VAR} left as text)."""
    return load_compose_raw()


@pytest.fixture(scope="session")
def compose_resolved() -> dict[str, Any]:
    """The configuration compose itself resolves from the file and the .env.example-based env file."""
    result = subprocess.run(
        ["bash", str(COMPOSE_CONFIG_SCRIPT), "--print"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    resolved: dict[str, Any] = yaml.safe_load(result.stdout)
    return resolved


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return env_example_values()
