"""docker/compose.yaml's own services, run as local processes: their commands and environment, from the file.

Compose resolves the file (`docker-compose config` with an env file, offline), and each service of the
control plane's image becomes a process: the same command line and the same environment, with only what a
container has and a host has not translated:
- the container's host names (postgres, redis) become the local services and their test databases;
- the image's paths (named volumes, /var/lib/callcenter) become folders of the test, the Asterisk volumes
  the folders of the real node the suite runs;
- listening on 0.0.0.0:8000 becomes 127.0.0.1 on a free port; `python`, `celery`, `uvicorn` come from .venv.
Nothing else is changed, so a wrong queue name, a missing service or a command that does not exist fails
here as it would in production.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker" / "compose.yaml"
HEALTHCHECK = ROOT / "docker" / "app" / "healthcheck.py"
VENV_BIN = Path(sys.executable).parent
# The image's environment (docker/app/Dockerfile ENV) that services rely on.
IMAGE_ENV = {
    "PYTHONUNBUFFERED": "1",
    "DJANGO_SETTINGS_MODULE": "callcenter.settings",
    "CALLCENTER_VAR_DIR": "/var/lib/callcenter",
    "MEDIA_ROOT": "/var/lib/callcenter/media",
}
IMAGE_DIRS = ("/var/lib/callcenter",)


def compose_command() -> list[str]:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    found = shutil.which("docker-compose")
    if found is None:
        raise RuntimeError(
            "neither `docker compose` nor `docker-compose` is installed (make services installs it)"
        )
    return [found]


def resolve(env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """The compose file as Compose itself reads it with these variables."""
    env_file = workdir / "compose.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in sorted(env.items())))
    result = subprocess.run(
        [*compose_command(), "--env-file", str(env_file), "--project-directory", str(ROOT / "docker"),
         "-f", str(COMPOSE_FILE), "config"],
        capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, timeout=60,
    )  # fmt: skip
    if result.returncode != 0:
        raise AssertionError(f"compose config failed:\n{result.stderr}")
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def app_services(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services built from the control plane's image (everything but postgres, redis, asterisk, proxy)."""
    return {
        name: service
        for name, service in config["services"].items()
        if str(service.get("image", "")).startswith("callcenter-app")
        or "app/Dockerfile" in str(service.get("build"))
    }


@dataclass
class LocalService:
    """One compose service as a local process."""

    name: str
    command: list[str]
    environment: dict[str, str]
    healthcheck: list[str] | None
    restart: str
    log: Path
    process: subprocess.Popen[bytes] | None = None
    handle: Any = field(default=None, repr=False)

    def start(self) -> None:
        self.handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environment, stdout=self.handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        if self.healthcheck is None:
            return self.running()
        result = subprocess.run(
            self.healthcheck, cwd=ROOT, env=self.environment, capture_output=True, timeout=60
        )
        return result.returncode == 0

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _translate(value: str, paths: dict[str, Path]) -> str:
    for container, local in sorted(paths.items(), key=lambda item: -len(item[0])):
        if value == container or value.startswith(container + "/") or f"={container}" in value:
            value = value.replace(container, str(local))
    return value


def local_service(
    name: str,
    service: dict[str, Any],
    *,
    volumes: dict[str, Path],
    overrides: dict[str, str],
    web_port: int,
    logs: Path,
) -> LocalService:
    """Translate one resolved compose service into a local process (see the module docstring)."""
    paths: dict[str, Path] = {}
    for mount in service.get("volumes", []):
        source, target = (
            (mount["source"], mount["target"]) if isinstance(mount, dict) else mount.split(":")[:2]
        )
        if source in volumes:
            paths[target] = volumes[source]
    paths.setdefault("/var/lib/callcenter", volumes["_image"])
    command = service.get("command") or ["uvicorn", "callcenter.asgi:application"]
    if isinstance(command, str):
        command = ["sh", "-c", command]
    translated: list[str] = []
    for index, arg in enumerate(command):
        arg = _translate(str(arg), paths)
        if index == 0 and arg in ("python", "celery", "uvicorn"):
            arg = sys.executable if arg == "python" else str(VENV_BIN / arg)
        if arg == "0.0.0.0":  # noqa: S104 - the container listens on all its addresses; here only loopback
            arg = "127.0.0.1"
        if translated and translated[-1] == "--port":
            arg = str(web_port)
        translated.append(arg)
    if translated[:2] == ["sh", "-c"]:
        translated[2] = translated[2].replace("python ", f"{sys.executable} ")
    environment = {
        key: _translate(str(value), paths)
        for key, value in {**IMAGE_ENV, **service.get("environment", {})}.items()
    }
    environment.update(overrides)
    environment["PATH"] = f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    environment["HEALTHCHECK_PORT"] = str(web_port)
    for key in ("CALLCENTER_VAR_DIR", "MEDIA_ROOT"):
        Path(environment[key]).mkdir(parents=True, exist_ok=True)
    healthcheck = None
    test = (service.get("healthcheck") or {}).get("test")
    if test and test[0] in ("CMD", "CMD-SHELL"):
        body = test[1:] if test[0] == "CMD" else ["sh", "-c", test[1]]
        body = [str(HEALTHCHECK) if part == "callcenter-healthcheck" else part for part in body]
        if body[0] == str(HEALTHCHECK):
            body = [sys.executable, *body]
        elif body[0] == "sh":
            # Compose keeps "$$" (a literal "$" for the container's shell); a container's HOSTNAME is the host's
            # name here.
            script = body[2].replace("$$", "$").replace("$HOSTNAME", "$(hostname)")
            body[2] = script.replace("celery ", f"{VENV_BIN / 'celery'} ")
        healthcheck = body
    return LocalService(
        name, translated, environment, healthcheck, str(service.get("restart", "no")), logs / f"{name}.log"
    )
