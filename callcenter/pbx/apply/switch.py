"""A node's directory under its lock, and the switch of its live version with a reload (undone if it fails)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from callcenter.pbx.apply.reloaders import AMIReloader, Reloader, ReloadFailed
from callcenter.pbx.apply.verify import reload_and_verify
from callcenter.pbx.apply.versions import NodeDirectory
from callcenter.pbx.models import AsteriskServer, ConfigApply


class LockedNode(NamedTuple):
    """A node's configuration directory while its lock is held."""

    node: NodeDirectory
    reloader: Reloader
    previous: int | None  # the live version when the lock was taken
    started: float  # time.monotonic() before the lock was waited for


@contextmanager
def lock_node(server: AsteriskServer, reloader: Reloader | None) -> Iterator[LockedNode]:
    """Hold the node's lock; ``reloader`` is the node's AMI unless one is given."""
    started = time.monotonic()
    node = NodeDirectory(Path(server.config_dir))
    with node.locked():
        yield LockedNode(node, reloader or AMIReloader(server), node.live_version(), started)


def switch_live(
    node: NodeDirectory, reloader: Reloader, new: int, previous: int | None, modules: list[str]
) -> tuple[str, str]:
    """Make ``new`` live and reload; on failure put ``previous`` back and reload it. Returns (status, error)."""
    node.point_live_at(new)
    try:
        reload_and_verify(reloader, modules, node.version_dir(new))
    except ReloadFailed as exc:
        error = str(exc)
        node.point_live_at(previous)
        if previous is not None:
            try:
                reload_and_verify(reloader, modules, node.version_dir(previous))
            except ReloadFailed as restore_exc:
                return (
                    ConfigApply.Status.FAILED,
                    f"{error}; restoring version {previous} failed too: {restore_exc}",
                )
        return ConfigApply.Status.ROLLED_BACK, error
    return ConfigApply.Status.APPLIED, ""
