"""Loading queue_log files into the statistics, and the callback list brought up to them."""

from __future__ import annotations

import logging
import os
from typing import Any

from callcenter.pbx.models import AsteriskServer
from callcenter.stats import loader
from callcenter.stats.actions.callbacks import sync_callbacks

log = logging.getLogger(__name__)


def load_queue_log(path: str, server: str, *, callbacks: bool = True, **kwargs: Any) -> loader.LoadResult:
    """Load new lines of one queue_log file for a server (idempotent; see callcenter.stats.loader), then
    bring the callback list up to them (unless ``callbacks`` is False: the next load catches up)."""
    result = loader.load_file(path, server, **kwargs)
    if callbacks:
        sync_callbacks(server)
    return result


def load_server(server_id: int) -> loader.LoadResult | None:
    """Load the queue_log of one configured Asterisk server, if its file is readable from here."""
    server = AsteriskServer.objects.get(pk=server_id)
    if not server.enabled or not os.path.isfile(server.queue_log_path):
        return None
    result = loader.load_file(server.queue_log_path, server.name)
    if result.quarantined:
        log.warning("queue_log of %s: %d malformed lines quarantined", server.name, result.quarantined)
    sync_callbacks(server.name)
    return result
