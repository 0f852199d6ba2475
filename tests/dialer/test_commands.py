"""manage.py dialer_simulate prints the simulated center's figures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_dialer_simulate_prints_the_figures_as_json() -> None:
    out = io.StringIO()
    call_command(
        "dialer_simulate",
        "--mode",
        "predictive",
        "--agents",
        "5",
        "--answer-rate",
        "0.3",
        "--hours",
        "1",
        "--seed",
        "4",
        "--json",
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    assert set(figures) == {
        "dialed",
        "answered",
        "abandoned",
        "abandon_rate_pct",
        "talk_min_per_agent_hour",
        "agent_occupancy_pct",
    }
    assert isinstance(figures["dialed"], int) and figures["dialed"] > figures["answered"] > 0
    assert isinstance(figures["abandon_rate_pct"], float)


def test_dialer_simulate_refuses_a_half_given_shift() -> None:
    with pytest.raises(CommandError, match="go together"):
        call_command("dialer_simulate", "--mode", "progressive", "--shift-at", "4")
