"""`manage.py pbx_apply [--server NAME] [--dry-run]`: render, check, swap and reload a node's configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.pbx.actions import apply_configuration
from callcenter.pbx.models import AsteriskServer, ConfigApply


class Command(BaseCommand):
    help = "Apply the configuration to Asterisk: new version, diff, check, atomic swap, reload what changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server", help="the Asterisk server (default: every enabled server)")
        parser.add_argument("--dry-run", action="store_true", help="render, diff and check only")
        parser.add_argument(
            "--sounds-dir", type=Path, help="also check every prompt exists in this directory"
        )
        parser.add_argument("--diff", action="store_true", help="print the diff (passwords masked)")

    def handle(self, *args: Any, **options: Any) -> None:
        servers = AsteriskServer.objects.filter(enabled=True)
        if options["server"]:
            servers = AsteriskServer.objects.filter(name=options["server"])
            if not servers.exists():
                raise CommandError(f"no Asterisk server named {options['server']!r}")
        failed = []
        for server in servers:
            entry = apply_configuration(
                None, server, dry_run=options["dry_run"], sounds_dir=options["sounds_dir"]
            )
            self.stdout.write(
                f"{server.name}: {entry.status} version={entry.version} previous={entry.previous_version} "
                f"changed={','.join(entry.changed_files) or '-'} reloaded={','.join(entry.reloaded) or '-'}"
            )
            for warning in entry.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
            if options["diff"] and entry.diff:
                self.stdout.write(entry.diff)
            if entry.status not in (
                ConfigApply.Status.APPLIED, ConfigApply.Status.UNCHANGED, ConfigApply.Status.DRY_RUN
            ):  # fmt: skip
                failed.append(f"{server.name}: {entry.status}: {entry.error}")
        if failed:
            raise CommandError("\n".join(failed))
