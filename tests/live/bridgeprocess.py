"""``manage.py ami_bridge`` as a child process, for tests that kill it (SIGKILL) or stop it (SIGSTOP)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def child_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def child_env() -> dict[str, str]:
    """The environment of a ``manage.py`` child that works on this test's database and Redis."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": child_database_url(),
        "REDIS_URL": settings.REDIS_URL or "",
        # The stored AMI secret is encrypted with this process's key; the child must use the same one.
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
    }


def start_bridge(server_name: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    """The bridge of one node, against this test's database and Redis; its log lines go to ``log``."""
    with open(log or os.devnull, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "ami_bridge", "--server", server_name],
            cwd=settings.BASE_DIR,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=output,
        )


def end_bridge(process: subprocess.Popen[bytes]) -> None:
    """Kill it whatever state it is in (a stopped process is resumed first) and reap it."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
    process.wait(10)
