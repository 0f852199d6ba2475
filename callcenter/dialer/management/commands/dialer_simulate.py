"""Run the real pacing engines against a simulated outbound center on a virtual clock."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import fields
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from callcenter.dialer.simulation import SimulationConfig, simulate

# Each numeric option: its flag, the SimulationConfig field it sets (whose default it takes), and its help.
NUMERIC_OPTIONS: tuple[tuple[str, str, type[int] | type[float], str | None], ...] = (
    ("--agents", "agents", int, None),
    ("--answer-rate", "answer_rate", float, "share of dials a person answers (0-1)"),
    ("--hours", "hours", float, None),
    ("--seed", "seed", int, None),
    ("--aht", "aht_s", float, "average handle time in seconds"),
    ("--wrapup", "wrapup_s", float, "wrap-up seconds inside the handle time"),
    ("--target-abandon", "target_abandon_pct", float, "target abandon rate in percent"),
    ("--answer-rate-after", "answer_rate_after", float, "answer rate after --shift-at"),
    ("--shift-at", "shift_at_hour", float, "hour of the day the answer rate changes"),
)
DEFAULTS = {f.name: f.default for f in fields(SimulationConfig)}


class Command(BaseCommand):
    help = "Simulate a day of outbound dialing with the real pacing code and print what the center recorded."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--mode", choices=["preview", "progressive", "predictive"], required=True)
        for flag, name, kind, text in NUMERIC_OPTIONS:
            parser.add_argument(flag, dest=name, type=kind, default=DEFAULTS[name], help=text)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["agents"] < 1 or options["hours"] <= 0 or not 0 < options["answer_rate"] <= 1:
            raise CommandError("agents >= 1, hours > 0 and 0 < answer-rate <= 1 are required")
        if (options["answer_rate_after"] is None) != (options["shift_at_hour"] is None):
            raise CommandError("--answer-rate-after and --shift-at go together")
        config = SimulationConfig(
            mode=options["mode"], **{name: options[name] for _, name, _, _ in NUMERIC_OPTIONS}
        )
        result = simulate(config).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
