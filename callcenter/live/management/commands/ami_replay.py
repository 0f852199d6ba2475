"""``manage.py ami_replay FILE [--json]``: replay a recorded AMI transcript through the live reducer."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from callcenter.live.replay import replay_file


class Command(BaseCommand):
    help = "Replay raw AMI bytes (.ami, .gz accepted) through the same parser and reducer as the bridge."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="transcript of the bytes received from AMI (.ami or .ami.gz)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = replay_file(options["file"])
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"events: {result['events']}  malformed frames: {result['malformed']}")
        for call in result["calls"]:
            talk = "-" if call["talk_s"] is None else f"{call['talk_s']:.0f}s"
            extra = f" -> {call['transferred_to']}" if call["transferred_to"] else ""
            self.stdout.write(
                f"call {call['callid']} queue={call['queue']} caller={call['caller']} "
                f"outcome={call['outcome']} agent={call['agent'] or '-'} wait={call['wait_s']:.0f}s "
                f"talk={talk} ended_by={call['ended_by'] or '-'}{extra}"
            )
        for interface, agent in result["agents"].items():
            reason = f" ({agent['pause_reason']})" if agent["pause_reason"] else ""
            self.stdout.write(
                f"agent {interface} {agent['name']!r}: {agent['state']}{reason}, "
                f"queues={','.join(agent['queues'])}, answered={agent['answered']}"
            )
        for name, queue in result["queues"].items():
            self.stdout.write(
                f"queue {name}: waiting={queue['waiting']} answered={queue['answered']} "
                f"abandoned={queue['abandoned']}"
            )
