"""Bar charts drawn on the server as inline SVG: the same markup serves the pages and the PDF (no CDN, no JS)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

# An attribute value also needs its quotes escaped.
_ATTRIBUTE = {'"': "&quot;"}

PALETTE = ("#0284c7", "#16a34a", "#dc2626", "#f59e0b", "#7c3aed")


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: int = 720,
    height: int = 240,
) -> str:
    """Grouped vertical bars, one group per label, one colour per series, with a legend and axis labels."""
    left, right, top, bottom = 40, 10, 28, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((value for _name, values in series for value in values), default=0) or 1
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title, _ATTRIBUTE)}">',
        f'<text x="{left}" y="16" font-size="13" font-weight="600">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#94a3b8"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end">{peak:g}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    label_every = max(1, len(labels) // 24)
    for index, label in enumerate(labels):
        x0 = left + index * group_w + group_w * 0.1
        for number, (name, values) in enumerate(series):
            value = values[index] if index < len(values) else 0
            bar_h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + number * bar_w:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{escape(str(label))} {escape(name)}: {value:g}</title></rect>"
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{left + index * group_w + group_w / 2:.1f}" y="{top + plot_h + 14}" font-size="10" '
                f'text-anchor="middle">{escape(str(label))}</text>'
            )
    for number, (name, _values) in enumerate(series):
        x = left + number * 130
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{PALETTE[number % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{height - 5}" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
