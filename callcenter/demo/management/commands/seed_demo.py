"""`manage.py seed_demo`: create or refresh the demo center (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.demo.actions import seed_demo_center


class Command(BaseCommand):
    help = "Create or refresh the demo center: queues, agents, teams, pause reasons and demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ami-port", type=int, default=5038, help="AMI port of the demo Asterisk (simulator)"
        )
        parser.add_argument("--force", action="store_true", help="seed even outside demo and debug mode")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG or options["force"]):
            raise CommandError(
                "seed_demo creates users with known passwords; run it with CALLCENTER_DEMO=1 or --force"
            )
        logins = seed_demo_center(ami_port=options["ami_port"])
        self.stdout.write(self.style.SUCCESS(f"demo center ready: {len(logins)} users"))
