"""`manage.py import_agents` reports bad rows and imports nothing on error."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callcenter.agents.models import Agent

pytestmark = pytest.mark.django_db


def test_command_imports_a_file(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text(
        "payroll_number,name,extension,member_name,team\n00101,Иван,1001,Agent 1001,North\n", encoding="utf-8"
    )
    out = StringIO()
    call_command("import_agents", str(path), stdout=out)
    assert "created 1, updated 0, unchanged 0" in out.getvalue()
    assert Agent.objects.get().display_name == "Иван"


def test_command_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text("payroll_number,name,extension,member_name,team\n00101,Ivan,1001,Agent(1001),North\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported: 1 bad row"):
        call_command("import_agents", str(path), stderr=err)
    assert "line 2: member_name" in err.getvalue()
    assert not Agent.objects.exists()


def test_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_agents", str(tmp_path / "absent.csv"))
