"""Watchers: periodic work over the live state of every node, run beside the bridges by one process.

An app registers a ``Watcher`` in its ``AppConfig.ready()`` (the wallboard's phone follower is one), so
``live`` imports none of them. ``manage.py ami_bridge`` (and the embedded demo) run ``run_watchers``: each
watcher has a lease of its own in Redis (``cc:lease:watch:<name>``, ``callcenter.core.lease``), so among
several bridge processes exactly one runs it at a time, and a standby takes over when the holder dies.
A pass runs in a worker thread (it may use the database); an exception is logged and the next pass runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from callcenter.core.lease import Lease, LeaseTiming, redis_client

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Watcher:
    """``run`` is called every ``interval_s`` seconds while this process holds the watcher's lease."""

    name: str
    run: Callable[[], object]
    interval_s: Callable[[], float]


_registry: dict[str, Watcher] = {}


def register(watcher: Watcher) -> None:
    """Add (or replace, by name) a watcher; called from ``AppConfig.ready()``."""
    _registry[watcher.name] = watcher


def registered() -> list[Watcher]:
    return list(_registry.values())


def _pass(watcher: Watcher) -> None:
    close_old_connections()
    try:
        watcher.run()
    finally:
        close_old_connections()


async def run_watcher(watcher: Watcher, stop: asyncio.Event, lease: Lease) -> None:
    """Run one watcher until ``stop`` is set, only while holding its lease; release it at the end."""
    try:
        while not stop.is_set():
            held = await sync_to_async(lease.acquire, thread_sensitive=False)()
            if held:
                try:
                    await sync_to_async(_pass, thread_sensitive=False)(watcher)
                except Exception:
                    logger.exception("event=watcher_failed watcher=%s", watcher.name)
            wait = watcher.interval_s() if held else lease.timing.renew_ms / 1000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
    finally:
        with contextlib.suppress(Exception):
            await sync_to_async(lease.release, thread_sensitive=False)()


async def run_watchers(stop: asyncio.Event) -> None:
    """Every registered watcher, each under its own lease, until ``stop`` is set."""
    timing = LeaseTiming.from_settings()
    tasks = [
        asyncio.create_task(
            run_watcher(watcher, stop, Lease(redis_client(), f"watch:{watcher.name}", timing)),
            name=f"watcher-{watcher.name}",
        )
        for watcher in registered()
    ]
    if tasks:
        await asyncio.gather(*tasks)
