"""``manage.py load_queue_log FILE --server NAME [--follow] [--json] [--no-callbacks]``: load a queue_log file
(and bring the callback list up to it)."""

from __future__ import annotations

import json
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from callcenter.stats import actions, loader


class Command(BaseCommand):
    help = "Load new lines of an Asterisk queue_log file (idempotent, resumable, follows rotation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--server", required=True, help="The Asterisk server name the file comes from.")
        parser.add_argument("--follow", action="store_true", help="Keep loading new lines until SIGTERM.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between checks with --follow."
        )
        parser.add_argument(
            "--json", action="store_true", help='Print {"loaded", "duplicates", "quarantined"}.'
        )
        parser.add_argument(
            "--no-callbacks",
            action="store_true",
            help="Only load: leave the callback list to the next load (it catches up from its own mark).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path, server = options["file"], options["server"]
        if options["follow"]:
            stop = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_args: stop.set())

            def report(result: loader.LoadResult) -> None:
                if not options["no_callbacks"]:
                    actions.sync_callbacks(server)
                if not options["json"]:
                    self.stdout.write(self._describe(result))

            result = loader.follow_file(path, server, stop, interval_s=options["interval"], on_result=report)
        else:
            result = actions.load_queue_log(path, server, callbacks=not options["no_callbacks"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(self._describe(result))

    @staticmethod
    def _describe(result: loader.LoadResult) -> str:
        return f"loaded {result.loaded}, duplicates {result.duplicates}, quarantined {result.quarantined}"
