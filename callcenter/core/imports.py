"""CSV imports, all or nothing: what an import did or the bad rows that refused it. Each app's import
action fills an ``ImportResult`` (the command that runs one is ``callcenter.core.import_command``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError


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

    def counts(self) -> dict[str, int]:
        """The rows created, updated and left unchanged, as the import's audit entry records them."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


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
