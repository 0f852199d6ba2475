"""A report as a document: titled tables, and bar charts over them as SVG and as specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """One titled table of a report."""

    title: str
    headers: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: a numeric column of one of the document's tables."""

    name: str
    table: int
    column: int


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart over the document's tables: categories from one column of ``table``, series from others.

    The PDF draws it as SVG; the XLSX draws it as a native chart whose data are the sheet's own cells.
    """

    title: str
    table: int
    category_column: int
    series: tuple[ChartSeries, ...]


@dataclass
class Document:
    """A report ready to render: title, period, tables, SVG charts and the same charts as specs."""

    title: str
    subtitle: str
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    chart_specs: list[ChartSpec] = field(default_factory=list)
