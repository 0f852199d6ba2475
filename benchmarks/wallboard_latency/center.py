"""The benchmark's node in the database and its live state in Redis."""

from __future__ import annotations

import os

import redis
from django.conf import settings

from benchmarks.sessions import admin_session_cookie

SERVER_NAME = "wbbench"


def prepare_database(ami_port: int) -> str:
    """Tables, the node pointing at our AMI server and an administrator's session cookie."""
    from django.core.management import call_command

    from callcenter.pbx.models import AsteriskServer

    if not os.environ.get("DATABASE_URL"):
        call_command("migrate", verbosity=0)
    else:
        from benchmarks.database import prepare

        prepare()
    AsteriskServer.objects.update_or_create(
        name=SERVER_NAME,
        defaults={
            "ami_host": "127.0.0.1",
            "ami_port": ami_port,
            "ami_username": "bench",
            "ami_secret": "bench-secret",
        },
    )
    AsteriskServer.objects.exclude(name=SERVER_NAME).update(enabled=False)
    return admin_session_cookie("wallboard-bench")


def clear_live_store() -> None:

    from callcenter.live import store

    with redis.Redis.from_url(str(settings.REDIS_URL)) as client:
        keys = list(client.scan_iter(f"{store.PREFIX}:{SERVER_NAME}:*"))
        if keys:
            client.delete(*keys)
        client.srem(f"{store.PREFIX}:servers", SERVER_NAME)
