"""Follow listen / whisper / barge calls on every node and audit their start and end (runs until SIGTERM)."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from django.core.management.base import BaseCommand

from callcenter.wallboard.spies import run_spy_watch


class Command(BaseCommand):
    help = "Watch AMI for the wallboard's spy calls (ChanSpy) and record when they start and end."

    def handle(self, *args: Any, **options: Any) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        self.stdout.write("spy watcher running")
        await run_spy_watch(stop)
        self.stdout.write("spy watcher stopped")
