"""The HR import: agents from a CSV, idempotent by payroll number, all or nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from callcenter.agents.actions.agent_rows import import_row
from callcenter.agents.models import Team
from callcenter.audit.actions import record
from callcenter.core.csv_files import UniqueColumns, csv_text, refuse_missing_columns
from callcenter.core.imports import ImportRefused, ImportResult, ImportRowError, field_messages

IMPORT_COLUMNS = ("payroll_number", "name", "extension", "member_name", "team")


class AgentImportError(ImportRefused):
    """The file was refused as a whole; ``result.errors`` lists every bad row."""


def import_agents(actor: Any, content: str | bytes) -> ImportResult:
    """Import agents from HR's CSV, idempotent by payroll number.

    Every row is validated before anything is written; one bad row refuses the whole file
    (raising AgentImportError listing every bad row with its line number).
    """
    reader = csv.DictReader(io.StringIO(csv_text(content)))
    refuse_missing_columns(reader.fieldnames or [], IMPORT_COLUMNS, AgentImportError)
    result = ImportResult()

    unique = UniqueColumns(("payroll_number", "extension", "member_name"))
    with transaction.atomic():
        teams: dict[str, Team] = {}
        for row in reader:
            line = reader.line_num
            values = {column: (row.get(column) or "").strip() for column in IMPORT_COLUMNS}
            if None in row:
                result.errors.append(ImportRowError(line, "more fields than columns"))
                continue
            repeat = unique.repeat(values, line)
            if repeat:
                result.errors.append(ImportRowError(line, repeat))
                continue
            try:
                with transaction.atomic():
                    import_row(actor, values, teams, result)
            except ValidationError as exc:
                result.errors.append(ImportRowError(line, field_messages(exc)))
        if result.errors:
            # Nothing is half-imported: the whole file is rolled back.
            transaction.set_rollback(True)
    if result.errors:
        raise AgentImportError(result)
    changes = result.counts()
    record(actor, "import_agents", object_type="agents.agent", object_repr="agent import", changes=changes)
    return result
