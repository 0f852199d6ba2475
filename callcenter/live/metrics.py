"""Prometheus metrics of the AMI bridge (served by ``manage.py ami_bridge --metrics-port``).

Events per second is ``rate(cc_ami_events_total[1m])``; lag is the time from reading an event off the
socket to its change being in Redis and published to the channel layer. Drift between the events and
Asterisk is ``cc_live_resync_corrections_total{trigger="periodic"}``: what the periodic resync corrected.
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
SUBSCRIBER_EVENTS = Counter(
    "cc_live_subscriber_events_total",
    "AMI events and link notices handed to a subscriber of the bridge",
    ["server", "subscriber"],
)
SUBSCRIBER_ERRORS = Counter(
    "cc_live_subscriber_errors_total",
    "Events a subscriber of the bridge failed on (logged and skipped; the stream goes on)",
    ["server", "subscriber"],
)
SUBSCRIBER_DROPPED = Counter(
    "cc_live_subscriber_dropped_total",
    "Events dropped, oldest first, because a subscriber's queue was full",
    ["server", "subscriber"],
)
SUBSCRIBER_QUEUE = Gauge(
    "cc_live_subscriber_queue_depth",
    "Events waiting in a subscriber's queue",
    ["server", "subscriber"],
)
RESYNC_CORRECTIONS = Counter(
    "cc_live_resync_corrections_total",
    "Items a resync found wrong in the live state (kind: queue, member, call, channel; trigger: login, "
    "reload, periodic)",
    ["server", "trigger", "kind"],
)
RESYNC_LAST_CORRECTIONS = Gauge(
    "cc_live_resync_last_corrections",
    "Items the last resync of this trigger found wrong in the live state, by kind",
    ["server", "trigger", "kind"],
)
STORE_REWRITES = Counter(
    "cc_live_store_rewrites_total",
    "Full snapshots written again because the store had lost them (Redis restart, flush, failover)",
    ["server"],
)
HEARTBEAT_FAILURES = Counter(
    "cc_live_heartbeat_failures_total", "Heartbeats that could not be written to the store", ["server"]
)
