"""The shared import plumbing: a refused file's message, a row's field errors in one line, the command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from callcenter.agents.models import Agent
from callcenter.core.imports import ImportRefused, ImportResult, ImportRowError, field_messages


def test_a_row_error_reads_as_its_line_and_message() -> None:
    assert str(ImportRowError(7, "extension: taken")) == "line 7: extension: taken"


def test_a_result_is_ok_only_without_errors() -> None:
    result = ImportResult(created=2)
    assert result.ok
    result.errors.append(ImportRowError(3, "bad"))
    assert not result.ok


def test_a_refused_import_lists_every_bad_row_in_its_message() -> None:
    result = ImportResult(errors=[ImportRowError(2, "no name"), ImportRowError(5, "bad team")])
    refused = ImportRefused(result)
    assert str(refused) == "line 2: no name; line 5: bad team"
    assert refused.result is result


def test_field_messages_names_each_field_at_fault() -> None:
    exc = ValidationError({"extension": ["Taken.", "Too long."], "team": ["Unknown."]})
    assert field_messages(exc) == "extension: Taken. Too long.; team: Unknown."


def test_field_messages_of_an_error_without_fields_is_its_text() -> None:
    assert field_messages(ValidationError(["First.", "Second."])) == "First. Second."


@pytest.mark.django_db
def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_bytes("payroll_number,name,extension,member_name,team\n00101,Иван,1001,A,N\n".encode("cp1251"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("import_agents", str(path))
    assert not Agent.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_a_missing_column_as_line_one(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text("payroll_number,name\n00101,Ivan\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported: 1 bad row"):
        call_command("import_agents", str(path), stderr=err)
    assert "line 1: missing column(s): extension, member_name, team" in err.getvalue()
