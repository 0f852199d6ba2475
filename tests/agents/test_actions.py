"""The HR agent import: idempotent by payroll number, all or nothing, errors by line."""

from __future__ import annotations

import pytest

from callcenter.accounts.models import User
from callcenter.agents import actions
from callcenter.agents.models import Agent, Team
from callcenter.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = "payroll_number,name,extension,member_name,team\n"


def test_import_creates_agents_and_teams(admin_user: User) -> None:
    result = actions.import_agents(
        admin_user,
        HEADER + "00101,Иван Петров,1001,Agent 1001,North\n00102,Anna Smith,1002,Agent 1002,North\n",
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    ivan = Agent.objects.get(payroll_number="00101")
    assert ivan.team is not None
    assert (ivan.display_name, ivan.extension, ivan.member_name, ivan.team.name) == (
        "Иван Петров",
        "1001",
        "Agent 1001",
        "North",
    )
    assert Team.objects.count() == 1


def test_import_twice_changes_nothing(admin_user: User) -> None:
    content = HEADER + "00101,Иван Петров,1001,Agent 1001,North\n"
    actions.import_agents(admin_user, content)
    again = actions.import_agents(admin_user, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Agent.objects.count() == 1


def test_import_updates_by_payroll_number(admin_user: User) -> None:
    actions.import_agents(admin_user, HEADER + "00101,Иван Петров,1001,Agent 1001,North\n")
    result = actions.import_agents(admin_user, HEADER + "00101,Иван Петров,1011,Agent 1011,South\n")
    assert result.updated == 1
    ivan = Agent.objects.get(payroll_number="00101")
    assert ivan.team is not None
    assert (ivan.extension, ivan.member_name, ivan.team.name) == ("1011", "Agent 1011", "South")


def test_bad_row_refuses_the_whole_file_and_names_its_line(admin_user: User) -> None:
    content = HEADER + "00101,Иван Петров,1001,Agent 1001,North\n00102,Evil;Name,1002,Agent 1002,North\n"
    with pytest.raises(actions.AgentImportError) as error:
        actions.import_agents(admin_user, content)
    [row_error] = error.value.result.errors
    assert row_error.line == 3
    assert "forbidden character ;" in row_error.message
    assert not Agent.objects.exists()
    assert not Team.objects.exists()


def test_every_bad_row_is_reported(admin_user: User) -> None:
    content = (
        HEADER
        + "00101,Ivan,10a1,Agent 1001,North\n00101,Anna,1002,Agent 1002,North\n00103,Olga,1003,Agent\n1004,North\n"
    )
    with pytest.raises(actions.AgentImportError) as error:
        actions.import_agents(admin_user, content)
    lines = [row.line for row in error.value.result.errors]
    assert lines == [2, 3, 5]


def test_duplicate_payroll_number_in_file_is_an_error(admin_user: User) -> None:
    content = HEADER + "00101,Ivan,1001,Agent 1001,North\n00101,Anna,1002,Agent 1002,North\n"
    with pytest.raises(actions.AgentImportError) as error:
        actions.import_agents(admin_user, content)
    assert "repeats line 2" in error.value.result.errors[0].message


def test_missing_column_is_reported(admin_user: User) -> None:
    with pytest.raises(actions.AgentImportError) as error:
        actions.import_agents(admin_user, "payroll_number,name\n1,Ivan\n")
    assert "missing column(s): extension, member_name, team" in error.value.result.errors[0].message


def test_import_is_audited(admin_user: User) -> None:
    actions.import_agents(admin_user, HEADER + "00101,Ivan,1001,Agent 1001,\n")
    entry = AuditEntry.objects.get(action="import_agents")
    assert entry.changes == {"created": 1, "updated": 0, "unchanged": 0}
    assert entry.actor == admin_user
