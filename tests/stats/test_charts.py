"""The server-drawn SVG bar charts: well-formed, escaped, bars scaled to the peak, readable axis labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from callcenter.stats.charts import PALETTE, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - markup this test just drew


def _bars(svg: str) -> list[ET.Element]:
    """The data bars (those with a tooltip), not the legend's swatches."""
    return [rect for rect in _parse(svg).iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


def _labels(svg: str) -> list[str]:
    return [text.text or "" for text in _parse(svg).iter(f"{SVG}text") if text.get("text-anchor") == "middle"]


def test_names_from_the_data_are_escaped_and_the_svg_stays_well_formed() -> None:
    svg = bar_chart("Calls <by> & hour", ["<b>09</b>"], [("sales & <script>", [3])])
    root = _parse(svg)
    assert root.get("aria-label") == "Calls <by> & hour"
    assert "<script>" not in svg
    tooltip = _bars(svg)[0].find(f"{SVG}title")
    assert tooltip is not None and tooltip.text == "<b>09</b> sales & <script>: 3"


def test_a_title_with_a_double_quote_keeps_the_svg_well_formed() -> None:
    svg = bar_chart('Calls "by" hour', ["09"], [("offered", [1])])
    assert _parse(svg).get("aria-label") == 'Calls "by" hour'


def test_the_tallest_bar_fills_the_plot_and_the_others_are_in_proportion() -> None:
    svg = bar_chart("Calls", ["09", "10"], [("offered", [4, 2]), ("answered", [1, 0])], height=240)
    heights = [float(bar.get("height") or 0) for bar in _bars(svg)]
    plot_height = 240 - 28 - 36
    assert heights == [plot_height, plot_height / 4, plot_height / 2, 0.0]


def test_each_series_has_its_colour_and_a_legend_entry() -> None:
    svg = bar_chart("Calls", ["09"], [("offered", [1]), ("answered", [1])])
    assert [bar.get("fill") for bar in _bars(svg)] == [PALETTE[0], PALETTE[1]]
    legend = [text.text for text in _parse(svg).iter(f"{SVG}text") if text.get("font-size") == "11"]
    assert legend == ["offered", "answered"]


def test_a_series_shorter_than_the_labels_draws_empty_bars() -> None:
    svg = bar_chart("Calls", ["09", "10"], [("offered", [5])])
    assert [float(bar.get("height") or 0) for bar in _bars(svg)] == [176.0, 0.0]


def test_a_chart_of_zeros_or_of_nothing_is_drawn_without_failing() -> None:
    assert [
        float(bar.get("height") or 0) for bar in _bars(bar_chart("Calls", ["09"], [("offered", [0])]))
    ] == [0.0]
    empty = bar_chart("Calls", [], [])
    assert _bars(empty) == [] and _labels(empty) == []


def test_a_long_axis_shows_every_nth_label() -> None:
    labels = [f"{minute:02d}" for minute in range(48)]
    assert _labels(bar_chart("Calls", labels, [("offered", [1] * 48)])) == labels[::2]
    assert _labels(bar_chart("Calls", labels[:24], [("offered", [1] * 24)])) == labels[:24]
