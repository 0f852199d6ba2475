"""``manage.py export_payroll``: write the payroll file for 1C for a period (XML validated against the XSD)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from callcenter.core.validators import validate_date_in_range
from callcenter.payroll.builder import PayrollError, build_report
from callcenter.payroll.export import FORMATS, InvalidExport, closed_file, render


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
        validate_date_in_range(day)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from exc
    except ValidationError as exc:
        raise ArgumentTypeError(" ".join(exc.messages)) from exc
    return day


class Command(BaseCommand):
    help = "Export per-employee time (T-13 codes) and call figures for a period, for 1C:ZUP."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="date_from", type=_date, required=True)
        parser.add_argument("--to", dest="date_to", type=_date, required=True)
        parser.add_argument("--tz", default=None, help="time zone of the calendar days (default TIME_ZONE)")
        parser.add_argument("--schedule", default=None, help="schedule whose holidays count as holiday work")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="xml")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = build_report(
                options["date_from"], options["date_to"], tz=options["tz"], schedule=options["schedule"]
            )
            frozen = closed_file(report, options["fmt"])
            content = frozen or render(report, options["fmt"])
        except PayrollError as exc:
            raise CommandError(str(exc)) from exc
        except InvalidExport as exc:
            raise CommandError(f"the export does not pass the schema, nothing written: {exc}") from exc
        for name in report.unmatched:
            self.stderr.write(f"warning: queue_log name matches no agent: {name}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if frozen:
            self.stderr.write("note: the period is closed; writing the file as it was closed")
        Path(options["out"]).write_bytes(content)
        self.stdout.write(
            f"{len(report.employees)} employees, {len(report.unmatched)} unmatched names -> {options['out']}"
        )
