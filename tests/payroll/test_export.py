"""The XML export, its XSD and the JSON with the same content."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from lxml import etree
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.payroll.builder import CODE_DAY, CODE_NIGHT, PayrollReport, build_report
from callcenter.payroll.export import NAMESPACE, SCHEMA_PATH, InvalidExport, render, validate_xml
from tests.payroll.conftest import PERIOD, TZ, correct_ivans_tuesday

pytestmark = pytest.mark.django_db
NS = {"p": NAMESPACE}
ORGANISATION = "ООО «Контакт»"  # noqa: RUF001  (the export must carry Cyrillic intact)


@pytest.fixture
def report(payroll_data: dict[str, Any], settings: Settings) -> PayrollReport:
    settings.ORGANISATION_NAME = ORGANISATION
    settings.ORGANISATION_INN = "7701234567"
    settings.ORGANISATION_KPP = "770101001"
    return build_report(*PERIOD, tz=TZ, schedule="main", now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))


def test_xml_is_valid_utf8_with_namespace_version_and_header(report: PayrollReport) -> None:
    content = render(report, "xml")
    assert content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<PayrollExport')
    root = etree.fromstring(content)
    assert root.tag == f"{{{NAMESPACE}}}PayrollExport"
    assert root.get("version") == "1.0"
    header = root.find("p:Header", NS)
    assert header.findtext("p:PeriodFrom", namespaces=NS) == "2026-11-02"
    assert header.findtext("p:PeriodTo", namespaces=NS) == "2026-11-04"
    assert header.findtext("p:Organisation/p:Name", namespaces=NS) == ORGANISATION
    assert header.findtext("p:Organisation/p:INN", namespaces=NS) == "7701234567"
    assert header.findtext("p:Organisation/p:KPP", namespaces=NS) == "770101001"
    assert header.findtext("p:TimeZone", namespaces=NS) == "Europe/Moscow"
    assert header.findtext("p:GeneratedAt", namespaces=NS) == "2026-12-01T12:00:00+03:00"
    assert header.findtext("p:HolidaySchedule", namespaces=NS) == "main"


def test_xml_employee_days_and_totals(report: PayrollReport) -> None:
    root = etree.fromstring(render(report, "xml"))
    anna = root.find("p:Employees/p:Employee[@payrollNumber='00102']", NS)
    tuesday = anna.find("p:Days/p:Day[@date='2026-11-03']", NS)
    # 7200 s of day work = 2.00 h, 5400 s of night = 1.50 h (see test_builder for the lines).
    assert [(c.get("code"), c.get("hours")) for c in tuesday.findall("p:TimeCode", NS)] == [
        (CODE_DAY, "2.00"),
        (CODE_NIGHT, "1.50"),
    ]
    assert tuesday.findtext("p:WorkedHours", namespaces=NS) == "3.50"
    ivan = root.find("p:Employees/p:Employee[@payrollNumber='00101']", NS)
    totals = ivan.find("p:Totals", NS)
    assert totals.findtext("p:Answered", namespaces=NS) == "3"
    assert totals.findtext("p:TalkSeconds", namespaces=NS) == "1020"
    assert totals.findtext("p:OccupancyPercent", namespaces=NS) == "2.79"
    # 38405 s worked = 10.668 h, rounded half-up to 10.67.
    assert totals.findtext("p:WorkedHours", namespaces=NS) == "10.67"
    survey = ivan.find("p:Survey", NS)
    assert (survey.get("count"), survey.get("average")) == ("2", "4.00")
    assert [(s.get("value"), s.get("count")) for s in survey.findall("p:Score", NS)] == [
        ("1", "0"),
        ("2", "0"),
        ("3", "1"),
        ("4", "0"),
        ("5", "1"),
    ]
    warnings = root.find("p:Warnings", NS)
    assert [e.text for e in warnings.findall("p:UnmatchedName", NS)] == ["Agent 9999", "Local/1999@agents/n"]


def test_json_has_the_issue_shape_and_the_same_figures(report: PayrollReport) -> None:
    data = json.loads(render(report, "json"))
    assert data["unmatched"] == ["Agent 9999", "Local/1999@agents/n"]
    ivan = next(e for e in data["employees"] if e["payroll_number"] == "00101")
    for key, kind in {
        "payroll_number": str,
        "name": str,
        "member_name": str,
        "answered": int,
        "talk_s": int,
        "missed": int,
        "logged_in_s": int,
        "pause_paid_s": int,
        "pause_unpaid_s": int,
        "survey_count": int,
        "survey_avg": float,
        "days": list,
    }.items():
        assert isinstance(ivan[key], kind), key
    assert (ivan["answered"], ivan["talk_s"], ivan["missed"], ivan["logged_in_s"]) == (3, 1020, 1, 42005)
    assert (ivan["pause_paid_s"], ivan["pause_unpaid_s"], ivan["survey_count"], ivan["survey_avg"]) == (
        1800,
        3600,
        2,
        4.0,
    )
    tuesday = ivan["days"][1]
    # 2405 s = 0.668 h -> 0.67.
    assert tuesday["date"] == "2026-11-03"
    assert tuesday["codes"] == [{"code": CODE_DAY, "hours": 0.67, "seconds": 2405}]
    assert data["header"]["organisation"]["inn"] == "7701234567"


def test_correction_is_in_the_export_with_the_original(report: PayrollReport, payroll_user: User) -> None:
    correct_ivans_tuesday(payroll_user)
    corrected = build_report(*PERIOD, tz=TZ, schedule="main")
    root = etree.fromstring(render(corrected, "xml"))
    ivan = root.find("p:Employees/p:Employee[@payrollNumber='00101']", NS)
    # 09:00-18:00 MSK now: 32400 s on 11-03 instead of 2405.
    assert ivan.findtext("p:Days/p:Day[@date='2026-11-03']/p:LoggedInSeconds", namespaces=NS) == "32400"
    correction = ivan.find("p:Sessions/p:Session[@source='corrected']/p:Correction", NS)
    assert correction.findtext("p:OriginalStart", namespaces=NS) == "2026-11-03T09:00:00+03:00"
    # The PBX's own end of that session was the next ADDMEMBER (11-04 10:00), kept as the original.
    assert correction.findtext("p:OriginalEnd", namespaces=NS) == "2026-11-04T10:00:00+03:00"
    assert correction.findtext("p:Reason", namespaces=NS) == "Forgot to log out"
    assert correction.findtext("p:CorrectedBy", namespaces=NS) == "polina"


def test_the_xsd_rejects_a_broken_file(report: PayrollReport) -> None:
    good = render(report, "xml")
    validate_xml(good)
    for broken in (
        good.replace(b'code="\xd0\xaf"', b'code="X"'),  # a T-13 code that does not exist
        good.replace(b"<PeriodTo>2026-11-04</PeriodTo>", b""),  # a missing header element
        good.replace(b"<TalkSeconds>1020</TalkSeconds>", b"<TalkSeconds>-5</TalkSeconds>"),
        good.replace(NAMESPACE.encode(), b"urn:someone-else"),
        good[: len(good) // 2],  # cut off: not even well-formed
    ):
        assert broken != good
        with pytest.raises(InvalidExport):
            validate_xml(broken)


def test_an_invalid_organisation_number_makes_the_export_an_error(
    payroll_data: dict[str, Any], settings: Settings
) -> None:
    settings.ORGANISATION_INN = "12345"
    report = build_report(*PERIOD, tz=TZ)
    with pytest.raises(InvalidExport, match="INN"):
        render(report, "xml")
    with pytest.raises(InvalidExport):
        render(report, "json")


def test_the_schema_file_is_itself_a_valid_xsd() -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    assert schema is not None
    assert etree.parse(str(SCHEMA_PATH)).getroot().get("targetNamespace") == NAMESPACE
