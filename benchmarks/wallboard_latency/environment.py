"""The wallboard benchmark's environment, set before Django starts and inherited by its processes."""

from __future__ import annotations

import os
import secrets
import tempfile

BENCH_DATABASE = "cc_bench_wallboard"


def configure_orchestrator() -> None:
    """Redis, the shared secret key and the database (temporary SQLite without DATABASE_URL)."""
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    # The three processes must share one key: it signs the session cookie and encrypts the AMI secret.
    os.environ.setdefault("SECRET_KEY", "wallboard-benchmark-" + secrets.token_urlsafe(32))
    if not os.environ.get("DATABASE_URL"):
        os.environ["CALLCENTER_VAR_DIR"] = tempfile.mkdtemp(prefix="wallboard-bench-")
    else:
        # A PostgreSQL database of its own (created and migrated in prepare_database), shared with
        # the web and bridge processes through the environment.
        from benchmarks.database import use_own_database

        use_own_database(BENCH_DATABASE)


def setup_django() -> None:
    """Start Django with the project's settings (every process of the benchmark does)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()
