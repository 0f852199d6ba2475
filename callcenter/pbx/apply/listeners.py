"""The registration point through which apps above pbx hear that a node reloaded its configuration."""

from __future__ import annotations

import logging
from collections.abc import Callable

from callcenter.pbx.models import AsteriskServer

logger = logging.getLogger("callcenter.pbx.apply")

ReloadListener = Callable[[str, list[str]], None]
"""Called with the node's name and the modules reloaded, after an apply or a rollback reloaded them."""

_reload_listeners: list[ReloadListener] = []


def add_reload_listener(listener: ReloadListener) -> None:
    """Let an app above this one hear of reloads (the live state re-reads the node); registered once."""
    if listener not in _reload_listeners:
        _reload_listeners.append(listener)


def tell_reloaded(server: AsteriskServer, modules: list[str]) -> None:
    for listener in list(_reload_listeners):
        try:
            listener(server.name, list(modules))
        except Exception:
            # The reload happened; a listener that fails must not turn it into a failed apply.
            logger.exception("event=config_reload_listener_failed server=%s", server.name)
