"""Registration points for apps above the statistics: extra agent-report figures and links from call rows.

The statistics import none of those apps; each registers here from its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callcenter.stats.models import Call
    from callcenter.stats.reports import ReportFilter

# Per member name, the figure of the period (a JSON-ready value); agents without one get the default.
AgentFigures = Callable[["ReportFilter"], Mapping[str, Any]]
# For the calls shown to ``user``: call id (pk) -> URL of a page about that call (e.g. its recording).
CallLinks = Callable[[Sequence["Call"], Any], Mapping[int, str]]


@dataclass(frozen=True)
class AgentFigure:
    """One extra figure of the agent report, under ``key`` in each agent's entry."""

    key: str
    default: Callable[[], Any]
    compute: AgentFigures


_agent_figures: dict[str, AgentFigure] = {}
_call_links: list[CallLinks] = []


def register_agent_figures(key: str, default: Callable[[], Any], compute: AgentFigures) -> None:
    """Add (or replace) the figure ``key`` of every agent in ``reports.agent_summary``."""
    _agent_figures[key] = AgentFigure(key, default, compute)


def agent_figures() -> list[AgentFigure]:
    return list(_agent_figures.values())


def register_call_links(links: CallLinks) -> None:
    if links not in _call_links:
        _call_links.append(links)


def call_links(calls: Sequence[Call], user: Any) -> dict[int, str]:
    """The first registered link of each call that has one, for this user."""
    found: dict[int, str] = {}
    for links in _call_links:
        for pk, url in links(calls, user).items():
            found.setdefault(pk, url)
    return found
