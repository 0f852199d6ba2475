"""The registration points through which apps above the statistics add agent figures and call links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from callcenter.stats import extensions, reports
from callcenter.stats.loader import load_file
from callcenter.stats.models import Call
from tests.stats.conftest import T0

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


@pytest.fixture
def one_call(write_log: Callable[..., Path]) -> None:
    load_file(
        write_log(
            [
                f"{T0}|c1|support|NONE|ENTERQUEUE||79160000001|1",
                f"{T0 + 2}|c1|support|Agent 1001|CONNECT|2|c1b|1",
                f"{T0 + 30}|c1|support|Agent 1001|COMPLETECALLER|2|28|1",
            ]
        ),
        "pbx1",
    )


def test_a_registered_figure_is_in_every_agents_entry(
    one_call: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extensions, "_agent_figures", {})
    extensions.register_agent_figures("extra", lambda: {"n": 0}, lambda flt: {"Agent 9": {"n": 3}})
    agents = reports.agent_summary(reports.ReportFilter(DAY, DAY, "UTC"))
    assert (agents["Agent 1001"]["extra"], agents["Agent 9"]["extra"]) == ({"n": 0}, {"n": 3})


def test_the_first_registered_link_of_a_call_wins(one_call: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extensions, "_call_links", [])
    calls = list(Call.objects.all())
    extensions.register_call_links(lambda rows, user: {row.pk: "/first" for row in rows})
    extensions.register_call_links(lambda rows, user: {row.pk: "/second" for row in rows})
    assert extensions.call_links(calls, None) == {calls[0].pk: "/first"}
