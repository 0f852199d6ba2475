"""`manage.py import_contacts FILE.csv`: load CRM contacts, idempotent by the normalised phone number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.wallboard import actions


class Command(BaseCommand):
    help = "Import CRM contacts from a CSV with the columns phone,name and, if wanted, company,notes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            result = actions.import_contacts(None, content)
        except actions.ContactImportError as exc:
            for error in exc.result.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"nothing imported: {len(exc.result.errors)} bad row(s)") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text") from exc
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
