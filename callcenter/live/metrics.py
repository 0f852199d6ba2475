"""Prometheus metrics of the AMI bridge (served by ``manage.py ami_bridge --metrics-port``).

Events per second is ``rate(cc_ami_events_total[1m])``; lag is the time from reading an event off the
socket to its change being in Redis and published to the channel layer.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS = Counter("cc_ami_events_total", "AMI events received", ["server"])
MALFORMED = Counter("cc_ami_malformed_frames_total", "AMI frames skipped as malformed", ["server"])
RECONNECTS = Counter("cc_ami_reconnects_total", "AMI reconnections after a lost connection", ["server"])
CONNECTED = Gauge("cc_ami_connected", "1 while the AMI connection is logged in", ["server"])
ACTION_LATENCY = Histogram(
    "cc_ami_action_latency_seconds",
    "Time from sending an AMI action to its complete response",
    ["server", "action"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LAG = Histogram(
    "cc_live_publish_lag_seconds",
    "Time from reading an AMI event to its change being stored and published",
    ["server"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
RESYNCS = Counter(
    "cc_live_resyncs_total", "Full resynchronisations from QueueStatus and CoreShowChannels", ["server"]
)
