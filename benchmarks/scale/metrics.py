"""The bridge's Prometheus metrics: events and the publish-lag histogram."""

from __future__ import annotations

import re
import urllib.request

_SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


def scrape_bridge(port: int) -> dict[str, float]:
    """The bridge's event counter and publish-lag histogram, summed over the nodes."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match is None:
            continue
        name, labels = match["name"], match["labels"] or ""
        if name == "cc_ami_events_total":
            key = "events"
        elif name == "cc_live_publish_lag_seconds_count":
            key = "lag_count"
        elif name == "cc_live_publish_lag_seconds_sum":
            key = "lag_sum"
        elif name == "cc_live_publish_lag_seconds_bucket":
            le = re.search(r'le="([^"]+)"', labels)
            key = f"lag_le_{le[1]}" if le else ""
        else:
            continue
        out[key] = out.get(key, 0.0) + float(match["value"])
    return out


def histogram_quantile(delta: dict[str, float], fraction: float) -> float:
    """The upper bound (s) of the bucket holding the given quantile of the publish lag."""
    count = delta.get("lag_count", 0.0)
    if count <= 0:
        return float("nan")
    bounds = sorted(
        (float(key.removeprefix("lag_le_")), value)
        for key, value in delta.items()
        if key.startswith("lag_le_")
    )
    for bound, cumulative in bounds:
        if cumulative >= fraction * count:
            return bound
    return float("inf")
