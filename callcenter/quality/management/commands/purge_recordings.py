"""``manage.py purge_recordings [--dry-run] [--json]``: the retention, as the nightly task runs it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from callcenter.quality import actions


def _row(item: actions.PurgeItem) -> dict[str, Any]:
    return {
        "id": item.recording_id,
        "server": item.server,
        "queue": item.queue,
        "callid": item.callid,
        "started_at": item.started_at.isoformat(),
        "path": item.path,
        "size": item.size,
        **({"error": item.error} if item.error else {}),
    }


class Command(BaseCommand):
    help = "Delete recordings older than their queue keeps them (files and rows, audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; change nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = actions.purge_recordings(None, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": report.dry_run,
                        "days": report.days,
                        "deleted": [_row(item) for item in report.deleted],
                        "kept_open": [_row(item) for item in report.kept_open],
                        "failed": [_row(item) for item in report.failed],
                        "bytes": report.bytes_freed,
                    },
                    indent=1,
                )
            )
            return
        verb = "would delete" if report.dry_run else "deleted"
        rules = ", ".join(f"{queue}: {days} d" for queue, days in sorted(report.days.items()))
        self.stdout.write(f"retention ({rules}; 0 = kept for ever)")
        for item in report.deleted:
            local = timezone.localtime(item.started_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{verb} {item.queue} {item.callid} {local} {item.path}")
        for item in report.kept_open:
            self.stdout.write(f"kept (open evaluation) {item.queue} {item.callid} {item.path}")
        for item in report.failed:
            self.stdout.write(f"failed {item.queue} {item.callid} {item.path}: {item.error}")
        self.stdout.write(
            f"{verb} {len(report.deleted)} recordings ({report.bytes_freed} bytes), "
            f"kept {len(report.kept_open)} under open evaluations, failed {len(report.failed)}"
        )
