"""CSV imports, all or nothing: what an import did or the bad rows that refused it, and the one shape of an
import command (read the file, run the app's import action, report every bad row with its line, or the
counts). Each app's action fills an ``ImportResult``; each command names its action and its error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class ImportCounts(Protocol):
    created: int
    updated: int
    unchanged: int


@dataclass
class ImportRowError:
    """A refused row of an import: its line in the file and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    """What an import did, or the rows that stopped it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    """The file was refused as a whole; ``result.errors`` lists every bad row with its line."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("; ".join(str(error) for error in result.errors))
        self.result = result


def field_messages(exc: ValidationError) -> str:
    """A row's validation errors in one line: ``field: message`` for each field at fault."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


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
