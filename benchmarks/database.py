"""A benchmark's own PostgreSQL database: created if missing, migrated before use.

A benchmark must run on a fresh machine and must never touch the test database or a shared one. It
takes the server (host, port, user, password) from DATABASE_URL, replaces the database name by its
own (``BENCH_DATABASE`` or the benchmark's default) and points DATABASE_URL there before Django is
set up, so child processes it starts use the same database. ``prepare()`` then creates it if needed
and brings the schema up to date (a no-op when it already is).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse, urlunparse

_SHARED_NAMES = {"postgres", "template0", "template1", "callcenter"}


def use_own_database(default_name: str) -> str | None:
    """Point DATABASE_URL at this benchmark's PostgreSQL database (``BENCH_DATABASE`` or the default).

    Call before ``django.setup()``; ``prepare()`` then creates and migrates it. Returns the database
    name, or None when DATABASE_URL is not a PostgreSQL URL (the benchmark then decides what to do).
    """
    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        return None
    name = os.environ.get("BENCH_DATABASE", default_name)
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in _SHARED_NAMES or name.startswith("test"):
        raise SystemExit(f"refusing to benchmark in database {name!r}: use a database of its own")
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path="/" + name))
    return name


def prepare() -> None:
    """Create the database Django is set up with if it does not exist, then migrate it."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        _create(connection.settings_dict["NAME"])
    call_command("migrate", verbosity=0, interactive=False)


def _create(name: str) -> None:
    from django.db import connection

    # A connection to the server's maintenance database, as Django's test runner makes one.
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
