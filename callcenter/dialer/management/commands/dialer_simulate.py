"""Run the real pacing engines against a simulated outbound center on a virtual clock."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from callcenter.dialer.simulation import SimulationConfig, simulate


class Command(BaseCommand):
    help = "Simulate a day of outbound dialing with the real pacing code and print what the center recorded."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--mode", choices=["preview", "progressive", "predictive"], required=True)
        parser.add_argument("--agents", type=int, default=20)
        parser.add_argument(
            "--answer-rate", type=float, default=0.25, help="share of dials a person answers (0-1)"
        )
        parser.add_argument("--hours", type=float, default=8.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--aht", type=float, default=180.0, help="average handle time in seconds")
        parser.add_argument(
            "--wrapup", type=float, default=0.0, help="wrap-up seconds inside the handle time"
        )
        parser.add_argument(
            "--target-abandon", type=float, default=3.0, help="target abandon rate in percent"
        )
        parser.add_argument(
            "--answer-rate-after", type=float, default=None, help="answer rate after --shift-at"
        )
        parser.add_argument(
            "--shift-at", type=float, default=None, help="hour of the day the answer rate changes"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["agents"] < 1 or options["hours"] <= 0 or not 0 < options["answer_rate"] <= 1:
            raise CommandError("agents >= 1, hours > 0 and 0 < answer-rate <= 1 are required")
        if (options["answer_rate_after"] is None) != (options["shift_at"] is None):
            raise CommandError("--answer-rate-after and --shift-at go together")
        config = SimulationConfig(
            mode=options["mode"],
            agents=options["agents"],
            answer_rate=options["answer_rate"],
            hours=options["hours"],
            seed=options["seed"],
            aht_s=options["aht"],
            wrapup_s=options["wrapup"],
            target_abandon_pct=options["target_abandon"],
            answer_rate_after=options["answer_rate_after"],
            shift_at_hour=options["shift_at"],
        )
        result = simulate(config).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
