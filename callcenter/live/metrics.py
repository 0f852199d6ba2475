"""Prometheus metrics of the AMI bridge (served by ``manage.py ami_bridge --metrics-port``).

Events per second is ``rate(cc_ami_events_total[1m])``; lag is the time from reading an event off the
socket to its change being in Redis and published to the channel layer. Drift between the events and
Asterisk is ``cc_live_resync_corrections_total{trigger="periodic"}``: what the periodic resync corrected.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# The label sets: per node, per subscriber of a node's bridge, per resync trigger and kind of item.
BY_SERVER = ("server",)
BY_SUBSCRIBER = ("server", "subscriber")
BY_RESYNC = ("server", "trigger", "kind")

EVENTS = Counter("cc_ami_events_total", "AMI events received", BY_SERVER)
MALFORMED = Counter("cc_ami_malformed_frames_total", "AMI frames skipped as malformed", BY_SERVER)
RECONNECTS = Counter("cc_ami_reconnects_total", "AMI reconnections after a lost connection", BY_SERVER)
CONNECTED = Gauge("cc_ami_connected", "1 while the AMI connection is logged in", BY_SERVER)
ACTION_LATENCY = Histogram(
    "cc_ami_action_latency_seconds",
    "Time from sending an AMI action to its complete response",
    ["server", "action"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LAG = Histogram(
    "cc_live_publish_lag_seconds",
    "Time from reading an AMI event to its change being stored and published",
    BY_SERVER,
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
RESYNCS = Counter(
    "cc_live_resyncs_total", "Full resynchronisations from QueueStatus and CoreShowChannels", BY_SERVER
)
SUBSCRIBER_EVENTS = Counter(
    "cc_live_subscriber_events_total",
    "AMI events and link notices handed to a subscriber of the bridge",
    BY_SUBSCRIBER,
)
SUBSCRIBER_ERRORS = Counter(
    "cc_live_subscriber_errors_total",
    "Events a subscriber of the bridge failed on (logged and skipped; the stream goes on)",
    BY_SUBSCRIBER,
)
SUBSCRIBER_DROPPED = Counter(
    "cc_live_subscriber_dropped_total",
    "Events dropped, oldest first, because a subscriber's queue was full",
    BY_SUBSCRIBER,
)
SUBSCRIBER_QUEUE = Gauge(
    "cc_live_subscriber_queue_depth", "Events waiting in a subscriber's queue", BY_SUBSCRIBER
)
RESYNC_CORRECTIONS = Counter(
    "cc_live_resync_corrections_total",
    "Items a resync found wrong in the live state (kind: queue, member, call, channel; trigger: login, "
    "reload, periodic)",
    BY_RESYNC,
)
RESYNC_LAST_CORRECTIONS = Gauge(
    "cc_live_resync_last_corrections",
    "Items the last resync of this trigger found wrong in the live state, by kind",
    BY_RESYNC,
)
STORE_REWRITES = Counter(
    "cc_live_store_rewrites_total",
    "Full snapshots written again because the store had lost them (Redis restart, flush, failover)",
    BY_SERVER,
)
HEARTBEAT_FAILURES = Counter(
    "cc_live_heartbeat_failures_total", "Heartbeats that could not be written to the store", BY_SERVER
)
