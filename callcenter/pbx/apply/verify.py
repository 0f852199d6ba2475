"""Reloading the changed modules in order, checking the node came back as the files say, and recording the outcome."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from callcenter.audit.actions import record
from callcenter.pbx.apply.diffs import expected_moh_files, expected_strategies
from callcenter.pbx.apply.reloaders import MohReader, Reloader, ReloadFailed
from callcenter.pbx.models import AsteriskServer, ConfigApply
from callcenter.pbx.render import MODULE_MOH


def actor_name(actor: Any) -> str:
    return "system" if actor is None else str(getattr(actor, "username", actor))


def record_apply(actor: Any, server: AsteriskServer, started: float, **fields: Any) -> ConfigApply:
    entry = ConfigApply.objects.create(
        server=server,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        duration_ms=int((time.monotonic() - started) * 1000),
        **fields,
    )
    record(
        actor,
        f"pbx_{entry.kind}",
        server,
        changes={
            "version": entry.version,
            "previous_version": entry.previous_version,
            "changed_files": entry.changed_files,
            "reloaded": entry.reloaded,
        },
        result=entry.status,
        detail=(entry.error + "\n\n" if entry.error else "") + entry.diff,
    )
    return entry


def reload_and_verify(reloader: Reloader, modules: list[str], directory: Path) -> list[str]:
    """Reload the modules in order, then compare QueueStatus with the version's queues.conf (and, when music
    on hold was reloaded and the reloader can tell, the node's classes with the version's musiconhold.conf)."""
    messages = []
    for module in modules:
        messages.append(f"{module}: {reloader.reload(module)}")
    if MODULE_MOH in modules and isinstance(reloader, MohReader):
        _verify_moh(reloader, directory)
    expected = expected_strategies(directory)
    actual = reloader.queue_strategies()
    wrong = {
        name: (strategy, actual.get(name))
        for name, strategy in expected.items()
        if actual.get(name) != strategy
    }
    if wrong:
        details = ", ".join(
            f"{name} is {got or 'missing'} instead of {want}" for name, (want, got) in wrong.items()
        )
        raise ReloadFailed(f"after the reload QueueStatus disagrees: {details}")
    return messages


def _verify_moh(reader: MohReader, directory: Path) -> None:
    expected = expected_moh_files(directory)
    if not expected:
        return
    listed = reader.moh_files()
    if listed is None:
        return
    loaded = {name.lower(): count for name, count in listed.items()}
    wrong = {
        name: (count, loaded.get(name.lower(), 0))
        for name, count in expected.items()
        if loaded.get(name.lower(), 0) != count
    }
    if wrong:
        details = ", ".join(
            f"{name} has {got} file(s) instead of {want}" for name, (want, got) in wrong.items()
        )
        raise ReloadFailed(
            f"after the reload the node's music on hold disagrees: {details} (does the node's musiconhold.conf "
            f"#tryinclude callcenter/live/musiconhold.conf, and can Asterisk read the files?)"
        )
