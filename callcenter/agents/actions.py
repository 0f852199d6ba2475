"""The one place that writes agents, teams, memberships and pause reasons, including the HR import."""

from __future__ import annotations

import csv
import io
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from callcenter.agents.models import Agent, Team
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.core.imports import ImportRefused, ImportResult, ImportRowError, field_messages

M = TypeVar("M", bound=models.Model)

IMPORT_COLUMNS = ("payroll_number", "name", "extension", "member_name", "team")


def save(actor: Any, instance: M, *, m2m: dict[str, Any] | None = None) -> M:
    """Create or update an agent, team, membership or pause reason."""
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: models.Model) -> None:
    """Delete an agent, team, membership or pause reason, audited."""
    delete_audited(actor, instance)


class AgentImportError(ImportRefused):
    """The file was refused as a whole; ``result.errors`` lists every bad row."""


def import_agents(actor: Any, content: str | bytes) -> ImportResult:
    """Import agents from HR's CSV, idempotent by payroll number.

    Every row is validated before anything is written; one bad row refuses the whole file
    (raising AgentImportError listing every bad row with its line number).
    """
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    result = ImportResult()
    missing = [column for column in IMPORT_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(ImportRowError(1, f"missing column(s): {', '.join(missing)}"))
        raise AgentImportError(result)

    seen: dict[str, dict[str, int]] = {"payroll_number": {}, "extension": {}, "member_name": {}}
    with transaction.atomic():
        teams: dict[str, Team] = {}
        for row in reader:
            line = reader.line_num
            values = {column: (row.get(column) or "").strip() for column in IMPORT_COLUMNS}
            if None in row:
                result.errors.append(ImportRowError(line, "more fields than columns"))
                continue
            duplicate = next((key for key in seen if values[key] and values[key] in seen[key]), None)
            if duplicate:
                result.errors.append(
                    ImportRowError(
                        line,
                        f"{duplicate} {values[duplicate]!r} repeats line {seen[duplicate][values[duplicate]]}",
                    )
                )
                continue
            for key in seen:
                seen[key][values[key]] = line
            try:
                with transaction.atomic():
                    team = None
                    if values["team"]:
                        team = teams.get(values["team"])
                        if team is None:
                            team = Team.objects.filter(name=values["team"]).first() or Team(
                                name=values["team"]
                            )
                            if team.pk is None:
                                save_validated(actor, team)
                            teams[values["team"]] = team
                    agent = Agent.objects.filter(payroll_number=values["payroll_number"]).first()
                    is_new = agent is None
                    agent = agent or Agent(payroll_number=values["payroll_number"])
                    wanted = {
                        "display_name": values["name"],
                        "extension": values["extension"],
                        "member_name": values["member_name"],
                        "team_id": team.pk if team else None,
                    }
                    if not is_new and all(getattr(agent, key) == value for key, value in wanted.items()):
                        result.unchanged += 1
                        continue
                    for key, value in wanted.items():
                        setattr(agent, key, value)
                    save_validated(actor, agent)
                    if is_new:
                        result.created += 1
                    else:
                        result.updated += 1
            except ValidationError as exc:
                result.errors.append(ImportRowError(line, field_messages(exc)))
        if result.errors:
            # Nothing is half-imported: the whole file is rolled back.
            transaction.set_rollback(True)
    if result.errors:
        raise AgentImportError(result)
    record(
        actor,
        "import_agents",
        object_type="agents.agent",
        object_repr="agent import",
        changes={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return result
