"""`manage.py seed_demo`: create or refresh the demo center (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.demo.actions import seed_demo_center, seed_demo_history


class Command(BaseCommand):
    help = (
        "Create or refresh the demo center: queues, agents, teams, pause reasons and demo users, and the past "
        "week of simulated traffic (loaded into the statistics), recordings and QA evaluations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ami-port", type=int, default=5038, help="AMI port of the demo Asterisk (simulator)"
        )
        parser.add_argument("--force", action="store_true", help="seed even outside demo and debug mode")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="skip the past week of traffic, recordings and evaluations",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG or options["force"]):
            raise CommandError(
                "seed_demo creates users with known passwords; run it with CALLCENTER_DEMO=1 or --force"
            )
        logins = seed_demo_center(ami_port=options["ami_port"])
        self.stdout.write(self.style.SUCCESS(f"demo center ready: {len(logins)} users"))
        if options["no_history"]:
            return
        history = seed_demo_history()
        self.stdout.write(
            self.style.SUCCESS(
                f"history since {history.start:%Y-%m-%d %H:%M %Z}: {history.calls_written} calls and "
                f"{history.lines_written} queue_log lines written, {history.lines_loaded} lines loaded, "
                f"{history.recordings_imported} recordings, {history.evaluations_created} evaluations"
            )
        )
