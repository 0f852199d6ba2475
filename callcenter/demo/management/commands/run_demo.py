"""`manage.py run_demo`: serve the whole control plane in one process on 127.0.0.1 (the `make demo` runner)."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand, CommandParser

from callcenter.demo.actions import DEMO_USERS, demo_password
from callcenter.demo.node import prepare_demo_node
from callcenter.demo.runner import ServiceStarter, demo_services, demo_starters


class Command(BaseCommand):
    help = "Run the demo: web app, Asterisk simulator and AMI bridge, all on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--web-only", action="store_true", help="serve the web app without the simulator")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        starters = [] if options["web_only"] else demo_starters(prepare_demo_node())
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Contact center demo: http://{host}:{port}/"))
        self.stdout.write(f"Sign in at http://{host}:{port}/accounts/login/ as one of:")
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<11} password {demo_password(username):<22} ({role})")
        self.stdout.write("Press Ctrl+C to stop.\n")
        asyncio.run(self._serve(host, port, starters))

    async def _serve(self, host: str, port: int, starters: list[ServiceStarter]) -> None:
        config = uvicorn.Config(
            "callcenter.asgi:application", host=host, port=port, log_level="warning", lifespan="off"
        )
        server = uvicorn.Server(config)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        async with demo_services(stop, starters):
            web = asyncio.create_task(server.serve())
            await stop.wait()
            server.should_exit = True
            await web
