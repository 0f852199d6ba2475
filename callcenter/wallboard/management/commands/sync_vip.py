"""`manage.py sync_vip [--server NAME ...]`: push the VIP routing data to the nodes now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard import vip


class Command(BaseCommand):
    help = (
        "Make each enabled node's AstDB family cc-vip match the contacts' tiers (put what is missing or "
        "different, delete the rest). Exits with an error when a node could not be reached."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--server", action="append", dest="servers", metavar="NAME", help="Only this node (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names: list[str] | None = options["servers"]
        if names:
            known = set(
                AsteriskServer.objects.filter(name__in=names, enabled=True).values_list("name", flat=True)
            )
            unknown = sorted(set(names) - known)
            if unknown:
                raise CommandError(f"no enabled Asterisk server named {', '.join(unknown)}")
        results = vip.sync("manage.py sync_vip", names)
        if not results:
            raise CommandError("no enabled Asterisk server")
        for result in results:
            if result.ok:
                self.stdout.write(
                    f"{result.server}: put {result.put}, deleted {result.deleted}, unchanged {result.unchanged}"
                )
            else:
                self.stderr.write(f"{result.server}: not reached: {result.error}")
        failed = [result.server for result in results if not result.ok]
        if failed:
            raise CommandError(f"not synced: {', '.join(failed)}")
