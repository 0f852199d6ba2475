"""The scale benchmark's environment: its own PostgreSQL database, Redis database and channel-layer prefix,
set before Django starts and inherited by every child process."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse, urlunparse

BENCH_DATABASE = "cc_bench_scale"
BENCH_REDIS_DB = 9
CHANNEL_PREFIX = "ccbenchscale"


def configure_orchestrator() -> None:
    """Point DATABASE_URL and REDIS_URL at the benchmark's own databases (children inherit them)."""
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DATABASE}")
    from benchmarks.database import use_own_database

    if use_own_database(BENCH_DATABASE) is None:
        raise SystemExit(
            "the scale benchmark needs a PostgreSQL DATABASE_URL (the loader runs as in production)"
        )
    # REDIS_URL's server with the benchmark's own database number (BENCH_REDIS_DB, default 9).
    redis_url = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    os.environ["REDIS_URL"] = urlunparse(
        redis_url._replace(path="/" + os.environ.get("BENCH_REDIS_DB", str(BENCH_REDIS_DB)))
    )
    # Every process must share one key: it signs the session cookie and encrypts the stored secrets. It
    # is the same from run to run (a benchmark database on 127.0.0.1), so the rows stay readable.
    os.environ.setdefault("SECRET_KEY", f"{BENCH_DATABASE}-benchmark-key-not-for-production")
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def setup_django() -> None:
    """Start Django and give the pub/sub channel layer a prefix of its own (Redis pub/sub ignores the
    database number)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django
    from django.conf import settings

    django.setup()
    layer: dict[str, Any] = settings.CHANNEL_LAYERS.get("default", {})
    if str(layer.get("BACKEND", "")).endswith("RedisPubSubChannelLayer"):
        config: dict[str, Any] = layer.setdefault("CONFIG", {})
        config["prefix"] = CHANNEL_PREFIX
