"""``manage.py ami_bridge [--server NAME] [--metrics-port PORT]``: the AMI bridge daemon.

The only AMI event stream per node: it also feeds the subscribers the apps register (the dialer's
attempts, the wallboard's spy sessions and trunk alarms). Several may run for the same nodes: a lease per
node in Redis lets one of them hold each node's AMI connection while the others stand by and take over
when it dies (``callcenter.live.lease``, docs/ha.md). Stops cleanly on SIGTERM or SIGINT: pending changes
are stored and published, the subscribers get what is queued for them, AMI sessions log off, the leases
are released.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from prometheus_client import start_http_server

from callcenter.live.bridge import run_bridge
from callcenter.live.watchers import run_watchers


class Command(BaseCommand):
    help = (
        "Keep the live call/agent/queue state of every enabled Asterisk server in Redis and the channel "
        "layer, and feed the AMI events to the dialer, spy sessions and trunk alarms. Several processes "
        "may run: one holds each server's AMI connection (a lease in Redis), the others stand by."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--server", action="append", dest="servers", help="only this server (repeat for several)"
        )
        parser.add_argument("--metrics-port", type=int, help="serve Prometheus metrics on this port")
        parser.add_argument("--metrics-addr", default="127.0.0.1", help="address for the metrics server")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["metrics_port"]:
            start_http_server(options["metrics_port"], addr=options["metrics_addr"])
        asyncio.run(self._main(options["servers"]))

    async def _main(self, servers: list[str] | None) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        # The watchers (periodic work over every node's live state) run beside the bridges.
        await asyncio.gather(run_bridge(stop, servers), run_watchers(stop))
