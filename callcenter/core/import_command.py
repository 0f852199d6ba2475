"""The one shape of a CSV import command: read the file, run the app's import action, report every bad
row with its line, or the counts. Each command names its action and its error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.core.imports import ImportCounts, ImportRefused


class CsvImportCommand(BaseCommand):
    """``manage.py <command> FILE.csv``; subclasses set ``help``, ``run_import`` and ``import_error``."""

    run_import: ClassVar[Callable[[Any, bytes], ImportCounts]]
    import_error: ClassVar[type[ImportRefused]]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            result = type(self).run_import(None, content)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text") from exc
        except ImportRefused as exc:
            if not isinstance(exc, self.import_error):
                raise
            errors = exc.result.errors
            for error in errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"nothing imported: {len(errors)} bad row(s)") from exc
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
