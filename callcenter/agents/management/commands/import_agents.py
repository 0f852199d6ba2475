"""`manage.py import_agents FILE.csv`: load HR's agent list, idempotent by payroll number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.agents import actions


class Command(BaseCommand):
    help = "Import agents from a CSV with the columns payroll_number,name,extension,member_name,team."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            result = actions.import_agents(None, content)
        except actions.AgentImportError as exc:
            for error in exc.result.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"nothing imported: {len(exc.result.errors)} bad row(s)") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text") from exc
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
