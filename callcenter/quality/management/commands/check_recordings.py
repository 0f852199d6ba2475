"""``manage.py check_recordings [--all]``: stat the recording files and flag the missing and empty ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from callcenter.quality import actions


class Command(BaseCommand):
    help = "Import new recordings from the loaded queue_log, then check their files on disk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every recording, not only the recent and unplayable ones.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        imported = actions.import_recordings()
        result = actions.check_recordings(everything=options["all"])
        flagged = ", ".join(f"{status} {count}" for status, count in sorted(result.flagged.items())) or "none"
        self.stdout.write(
            f"imported {imported.imported}, checked {result.checked}, playable {result.playable}, "
            f"flagged: {flagged}"
        )
