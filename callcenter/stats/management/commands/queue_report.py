"""``manage.py queue_report --from --to [--queue Q ...] [--tz ZONE] [--sl 20,30,60] --format ... [--out FILE]``."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.stats import exports, reports


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Print or write the queue report of a period (JSON, CSV, XLSX or PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--queue", action="append", default=[], help="Repeat for several queues.")
        parser.add_argument("--agent", action="append", default=[], help="Repeat for several agents.")
        parser.add_argument("--tz", default=None, help="Time zone of the days (default: TIME_ZONE).")
        parser.add_argument(
            "--sl", default="", help="Extra service-level thresholds in seconds, e.g. 20,30,60."
        )
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument(
            "--kind", choices=sorted(exports.KINDS), default="daily", help="For csv/xlsx/pdf."
        )
        parser.add_argument("--out", default=None, help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        tz = options["tz"] or str(settings.TIME_ZONE)
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"unknown time zone: {tz!r}") from None
        try:
            levels = sorted({int(part) for part in options["sl"].split(",") if part.strip()})
        except ValueError:
            raise CommandError("--sl takes whole seconds separated by commas") from None
        flt = reports.ReportFilter(
            date_from=_date(options["date_from"]),
            date_to=_date(options["date_to"]),
            tz=tz,
            queues=options["queue"],
            agents=options["agent"],
            sl=levels,
        )
        if flt.date_to < flt.date_from:
            raise CommandError("--to is before --from")
        if options["format"] == "json":
            content = (json.dumps(reports.queue_report(flt), ensure_ascii=False, indent=2) + "\n").encode()
        else:
            content = exports.render(exports.build(options["kind"], flt), options["format"])
        if options["out"]:
            with open(options["out"], "wb") as handle:
                handle.write(content)
        elif options["format"] == "json" or options["format"] == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            sys.stdout.buffer.write(content)
