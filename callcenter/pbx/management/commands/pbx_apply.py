"""`manage.py pbx_apply [--server NAME | --group NAME] [--dry-run]`: render, check, swap and reload a node's
configuration, or every node of a group all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.pbx.actions import apply_configuration, apply_group_configuration
from callcenter.pbx.models import AsteriskServer, ConfigApply, NodeGroup


class Command(BaseCommand):
    help = "Apply the configuration to Asterisk: new version, diff, check, atomic swap, reload what changed."

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--server", help="the Asterisk server (default: every enabled server)")
        target.add_argument("--group", help="every enabled node of this node group, all or nothing")
        parser.add_argument("--dry-run", action="store_true", help="render, diff and check only")
        parser.add_argument(
            "--sounds-dir", type=Path, help="also check every prompt exists in this directory"
        )
        parser.add_argument("--diff", action="store_true", help="print the diff (passwords masked)")

    def _report(self, entry: ConfigApply, show_diff: bool) -> None:
        self.stdout.write(
            f"{entry.server.name}: {entry.status} version={entry.version} previous={entry.previous_version} "
            f"changed={','.join(entry.changed_files) or '-'} reloaded={','.join(entry.reloaded) or '-'}"
        )
        for warning in entry.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if show_diff and entry.diff:
            self.stdout.write(entry.diff)

    def _apply_group(self, group: NodeGroup, options: dict[str, Any]) -> str:
        """Apply one group; returns "" or the failure line."""
        try:
            result = apply_group_configuration(
                None, group, dry_run=options["dry_run"], sounds_dir=options["sounds_dir"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for entry in result.node_applies.select_related("server").order_by("server__name"):
            self._report(entry, options["diff"])
        self.stdout.write(f"group {group.name}: {result.status}")
        if not result.succeeded:
            return f"group {group.name}: {result.status}: {result.error}"
        return ""

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        if options["group"]:
            group = NodeGroup.objects.filter(name=options["group"]).first()
            if group is None:
                raise CommandError(f"no node group named {options['group']!r}")
            failed.append(self._apply_group(group, options))
            servers = AsteriskServer.objects.none()
        elif options["server"]:
            servers = AsteriskServer.objects.filter(name=options["server"])
            if not servers.exists():
                raise CommandError(f"no Asterisk server named {options['server']!r}")
        else:
            # Every group all or nothing, then every node of its own.
            groups = NodeGroup.objects.filter(nodes__enabled=True).distinct()
            failed.extend(self._apply_group(group, options) for group in groups)
            servers = AsteriskServer.objects.filter(enabled=True, group=None)
        for server in servers:
            entry = apply_configuration(
                None, server, dry_run=options["dry_run"], sounds_dir=options["sounds_dir"]
            )
            self._report(entry, options["diff"])
            if not entry.succeeded:
                failed.append(f"{server.name}: {entry.status}: {entry.error}")
        failed = [line for line in failed if line]
        if failed:
            raise CommandError("\n".join(failed))
