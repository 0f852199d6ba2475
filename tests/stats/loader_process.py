"""``manage.py load_queue_log`` as a process of its own, against the test database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.db import connection

# Where manage.py is.
ROOT = Path(__file__).resolve().parents[2]


def loader_command(path: Path, server: str, *options: str) -> list[str]:
    """The command line that loads ``path`` as ``server`` with ``options``."""
    return [sys.executable, "manage.py", "load_queue_log", str(path), "--server", server, *options]


def loader_env(application_name: str | None = None) -> dict[str, str]:
    """The environment of a loader process that uses this test's database, connected under
    ``application_name`` (as pg_stat_activity shows it) when one is given."""
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    if application_name is not None:
        database_url += f"?application_name={application_name}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "callcenter.settings", "DATABASE_URL": database_url}
