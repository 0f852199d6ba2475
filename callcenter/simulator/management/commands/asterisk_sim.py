"""``manage.py asterisk_sim``: run the Asterisk simulator (AMI on 127.0.0.1, queue_log, seeded workload)."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.simulator.config import ConfigError
from callcenter.simulator.runner import run_simulator


class Command(BaseCommand):
    """Runs the simulator in the foreground until SIGTERM or SIGINT."""

    help = "Run the Asterisk simulator: AMI on 127.0.0.1, an Asterisk-format queue_log and a seeded workload."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=5038, help="AMI port on 127.0.0.1 (0 = any free port)"
        )
        parser.add_argument("--queue-log", type=Path, default=None, help="queue_log file to append to")
        parser.add_argument("--seed", type=int, default=0, help="seed of every random draw")
        parser.add_argument("--speed", type=float, default=1.0, help="center seconds per real second")
        parser.add_argument(
            "--config", type=Path, default=None, help="directory with queues.conf and manager.conf"
        )
        parser.add_argument("--varset", action="store_true", help="also emit VarSet events, as Asterisk does")
        parser.add_argument("--username", default=None, help="AMI user (instead of or besides manager.conf)")
        parser.add_argument("--secret", default=None, help="AMI secret for --username")
        parser.add_argument("--calls-per-hour", type=float, default=None, help="peak inbound calls per hour")
        parser.add_argument(
            "--no-workload", action="store_true", help="serve AMI only; calls come from Originate"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["speed"] <= 0:
            raise CommandError("--speed must be positive")
        try:
            asyncio.run(self._run(options))
        except ConfigError as exc:
            raise CommandError(str(exc)) from exc

    async def _run(self, options: dict[str, Any]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)

        def ready(port: int) -> None:
            self.stdout.write(f"Asterisk simulator: AMI on 127.0.0.1:{port}, speed x{options['speed']:g}")
            self.stdout.flush()

        await run_simulator(
            stop,
            port=options["port"],
            config_dir=options["config"],
            queue_log=options["queue_log"],
            seed=options["seed"],
            speed=options["speed"],
            workload=not options["no_workload"],
            varset=options["varset"],
            username=options["username"],
            secret=options["secret"],
            calls_per_hour=options["calls_per_hour"],
            ready=ready,
        )
        self.stdout.write("Asterisk simulator stopped")
