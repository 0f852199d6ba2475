"""The one place that writes statistics: loading queue_log, the callback list (kept from the calls,
assigned, handed to the dialer and closed), building and storing reports."""

from callcenter.stats.actions.callbacks import (
    CALLBACK_LISTENERS,
    MANUAL_OUTCOMES,
    CallbackListener,
    assign_callback,
    close_callback,
    hand_to_dialer,
    register_callback_listener,
    sync_callbacks,
    take_from_dialer,
)
from callcenter.stats.actions.held_turns import (
    HELD_TURN_CONTEXT,
    HELD_TURN_FAMILY,
    held_turn_channels,
    release_held_turn,
)
from callcenter.stats.actions.loading import load_queue_log, load_server
from callcenter.stats.actions.nightly import build_nightly_report
from callcenter.stats.actions.reports import build_report, register_report_queue, start_report

__all__ = [
    "CALLBACK_LISTENERS",
    "HELD_TURN_CONTEXT",
    "HELD_TURN_FAMILY",
    "MANUAL_OUTCOMES",
    "CallbackListener",
    "assign_callback",
    "build_nightly_report",
    "build_report",
    "close_callback",
    "hand_to_dialer",
    "held_turn_channels",
    "load_queue_log",
    "load_server",
    "register_callback_listener",
    "register_report_queue",
    "release_held_turn",
    "start_report",
    "sync_callbacks",
    "take_from_dialer",
]
