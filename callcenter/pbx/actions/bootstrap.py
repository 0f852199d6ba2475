"""The first configuration of a new node, laid down before its Asterisk starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callcenter.audit.actions import record
from callcenter.pbx.apply import NodeDirectory, ensure_phone_accounts
from callcenter.pbx.models import AsteriskServer
from callcenter.pbx.render import render_center
from callcenter.pbx.snapshot import collect


def bootstrap_configuration(actor: Any, server: AsteriskServer) -> int | None:
    """Lay down the first configuration of a node whose Asterisk has not started yet (nothing to reload).

    Returns the version made live, or None when the node already has a live configuration (then only
    ``apply_configuration`` may change it). A center that does not validate is refused with ConfigInvalid.
    """
    node = NodeDirectory(Path(server.config_dir))
    with node.locked():
        if node.live_version() is not None:
            return None
        ensure_phone_accounts(actor)
        rendered = render_center(collect(server), node.include_root)
        version = node.write_version(rendered)
        node.point_live_at(version)
    record(actor, "config_bootstrap", server, changes={"version": version})
    return version
