"""manage.py export_payroll."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.payroll import actions
from callcenter.payroll.export import validate_xml
from tests.payroll.conftest import PERIOD, TZ

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_payroll", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _export_period(target: Path, fmt: str) -> tuple[str, str]:
    """Export PERIOD in the fixture's time zone to ``target`` in format ``fmt``."""
    date_from, date_to = PERIOD
    return _run(
        "--from",
        date_from.isoformat(),
        "--to",
        date_to.isoformat(),
        "--tz",
        TZ,
        "--format",
        fmt,
        "--out",
        str(target),
    )


def test_xml_file_is_written_valid_and_unmatched_names_are_warned(
    payroll_data: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "payroll.xml"
    out, err = _export_period(target, "xml")
    validate_xml(target.read_bytes())
    assert "3 employees" in out
    assert "matches no agent: Agent 9999" in err
    assert "matches no agent: Local/1999@agents/n" in err
    assert "without a log-out" in err


def test_json_file(payroll_data: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "payroll.json"
    _export_period(target, "json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(e["payroll_number"] for e in data["employees"]) == ["00101", "00102", "00201"]
    assert data["unmatched"] == ["Agent 9999", "Local/1999@agents/n"]


def test_invalid_export_writes_nothing(
    payroll_data: dict[str, Any], tmp_path: Path, settings: Settings
) -> None:
    settings.ORGANISATION_KPP = "not-a-kpp"
    target = tmp_path / "payroll.xml"
    with pytest.raises(CommandError, match="schema"):
        _run("--from", "2026-11-02", "--to", "2026-11-04", "--out", str(target))
    assert not target.exists()


def test_bad_arguments(payroll_data: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        _run("--from", "2026-11-04", "--to", "2026-11-02", "--out", str(tmp_path / "x.xml"))
    with pytest.raises(CommandError):
        _run(
            "--from", "2026-11-02", "--to", "2026-11-04", "--tz", "Nowhere/Zone", "--out", str(tmp_path / "x")
        )


def test_a_closed_period_is_written_as_closed(
    payroll_data: dict[str, Any], payroll_user: User, tmp_path: Path
) -> None:
    period = actions.close_period(payroll_user, *PERIOD, tz="Europe/Moscow")
    target = tmp_path / "payroll.json"
    _out, err = _export_period(target, "json")
    assert target.read_text(encoding="utf-8") == period.json
    assert "closed" in err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_out_of_the_supported_range_is_a_clear_error(
    payroll_data: dict[str, Any], tmp_path: Path, day: str
) -> None:
    target = tmp_path / "x.xml"
    with pytest.raises(CommandError, match="out of range"):
        _run("--from", day, "--to", day, "--out", str(target))
    assert not target.exists()
