"""One row of the HR import: its agent created, updated or left as it is, and its team."""

from __future__ import annotations

from typing import Any

from callcenter.agents.models import Agent, Team
from callcenter.audit.actions import save_validated
from callcenter.core.imports import ImportResult


def _team(actor: Any, name: str, teams: dict[str, Team]) -> Team | None:
    """The team of that name (created, audited, the first time the file names it); None for no name."""
    if not name:
        return None
    if name not in teams:
        team = Team.objects.filter(name=name).first() or Team(name=name)
        if team.pk is None:
            save_validated(actor, team)
        teams[name] = team
    return teams[name]


def import_row(actor: Any, values: dict[str, str], teams: dict[str, Team], result: ImportResult) -> None:
    """Create or update the row's agent, or count it unchanged; a refused save raises ValidationError."""
    team = _team(actor, values["team"], teams)
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
        return
    for key, value in wanted.items():
        setattr(agent, key, value)
    save_validated(actor, agent)
    if is_new:
        result.created += 1
    else:
        result.updated += 1
