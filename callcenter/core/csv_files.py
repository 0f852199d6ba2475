"""Reading an imported CSV: its text, the refusal of a file whose header lacks a required column, and the
rows that repeat a value that must be unique in the file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from callcenter.core.imports import ImportRefused, ImportResult, ImportRowError


def csv_text(content: str | bytes) -> str:
    """The text of an uploaded CSV: UTF-8, with or without a byte order mark."""
    return content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")


def refuse_missing_columns(
    header: Sequence[str], required: Sequence[str], error: type[ImportRefused]
) -> None:
    """Refuse the whole file, at line 1, when its header lacks a required column."""
    missing = [column for column in required if column not in header]
    if missing:
        raise error(ImportResult(errors=[ImportRowError(1, f"missing column(s): {', '.join(missing)}")]))


class UniqueColumns:
    """The columns whose non-empty value may stand on one row of the file only."""

    def __init__(self, columns: Sequence[str]) -> None:
        self._lines: dict[str, dict[str, int]] = {column: {} for column in columns}

    def repeat(self, values: Mapping[str, str], line: int) -> str | None:
        """Why this row repeats an earlier one, or None after remembering its values at ``line``."""
        for column, lines in self._lines.items():
            if values[column] and values[column] in lines:
                return f"{column} {values[column]!r} repeats line {lines[values[column]]}"
        for column, lines in self._lines.items():
            lines[values[column]] = line
        return None
