"""`manage.py pbx_render --out DIR [--server NAME]`: render the Asterisk configuration into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.pbx.apply import ensure_phone_accounts, render_to_directory
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.snapshot import ConfigInvalid


class Command(BaseCommand):
    help = (
        "Render queues.conf, extensions.conf (+ generated dialplan) and pjsip.conf into DIR and check them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="output directory (created if missing)")
        parser.add_argument(
            "--server", help="render for this Asterisk server only (default: the whole center)"
        )
        parser.add_argument(
            "--include-root",
            help="absolute path under which Asterisk will see DIR (default: DIR itself)",
        )
        parser.add_argument(
            "--sounds-dir", type=Path, help="also check every prompt exists in this directory"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = None
        if options["server"]:
            server = AsteriskServer.objects.filter(name=options["server"]).first()
            if server is None:
                raise CommandError(f"no Asterisk server named {options['server']!r}")
        out: Path = options["out"]
        created = ensure_phone_accounts(None)
        if created:
            self.stdout.write(f"created SIP passwords for {len(created)} phone(s)")
        try:
            rendered, report = render_to_directory(
                server, out, include_root=options["include_root"], sounds_dir=options["sounds_dir"]
            )
        except ConfigInvalid as exc:
            raise CommandError("refused, nothing written:\n" + "\n".join(exc.errors)) from None
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        if not report.ok:
            raise CommandError("the rendered files do not pass the check:\n" + "\n".join(report.errors))
        for relative in sorted(rendered.files):
            self.stdout.write(str(out / relative))
        self.stdout.write(self.style.SUCCESS(f"rendered {len(rendered.files)} files into {out}"))
