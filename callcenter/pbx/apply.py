"""Applying the rendered configuration to a node safely, and rolling back to a kept version.

The one place that writes configuration applies (and the phone accounts a render needs). A node's
``config_dir`` holds::

    versions/0001/ ... versions/0012/    complete rendered directories (configuration, and the uploaded
                                        prompts and music on hold under sounds/ and moh/), the last N
                                        kept for rollback; unchanged audio is hard-linked between them
    live -> versions/0012               the symlink Asterisk's files include; swapped atomically
    .lock                               serialises applies on this node

An apply renders into a new version directory, diffs it against ``live``, checks it (syntax and
references), swaps ``live`` with one rename, reloads only the modules whose files changed, and checks
that QueueStatus shows every queue with the strategy the files say (and, when music on hold was
reloaded, that the node lists every class with its files). On any failure after the swap the
previous version goes back live and is reloaded; before the swap nothing live was touched. Every attempt
is stored as a ConfigApply row and audited.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import fcntl
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max

from callcenter.audit.actions import record
from callcenter.pbx.audio import sha256_hex
from callcenter.pbx.models import AsteriskServer, ConfigApply, PhoneAccount
from callcenter.pbx.render import (
    AUDIO_DIRS,
    MODULE_DIALPLAN,
    MODULE_MOH,
    MODULE_PJSIP,
    MODULE_QUEUES,
    MUSICONHOLD_FILE,
    QUEUES_FILE,
    Rendered,
    is_audio,
    module_for,
    render_center,
)
from callcenter.pbx.snapshot import ConfigInvalid, collect
from callcenter.pbx.validate import Report, check_directory, check_queues, parse_config

VERSIONS_DIR = "versions"
LIVE_LINK = "live"
# Reload order: endpoints first (a queue member may ring a new phone), then the music on hold classes
# queues name, then queues, then the dialplan that sends callers into them.
MODULE_ORDER = (MODULE_PJSIP, MODULE_MOH, MODULE_QUEUES, MODULE_DIALPLAN)
_SECRET_LINE = re.compile(r"^([+\- ]?\s*password\s*=\s*).*$", re.MULTILINE)


logger = logging.getLogger(__name__)

ReloadListener = Callable[[str, list[str]], None]
"""Called with the node's name and the modules reloaded, after an apply or a rollback reloaded them."""
_reload_listeners: list[ReloadListener] = []


def add_reload_listener(listener: ReloadListener) -> None:
    """Let an app above this one hear of reloads (the live state re-reads the node); registered once."""
    if listener not in _reload_listeners:
        _reload_listeners.append(listener)


def _tell_reloaded(server: AsteriskServer, modules: list[str]) -> None:
    for listener in list(_reload_listeners):
        try:
            listener(server.name, list(modules))
        except Exception:
            # The reload happened; a listener that fails must not turn it into a failed apply.
            logger.exception("event=config_reload_listener_failed server=%s", server.name)


class ReloadFailed(Exception):
    """Asterisk refused a reload, or the node did not come back in the state the files describe."""


class ActionRefused(ReloadFailed):
    """The node answered an action with ``Response: Error``."""


class Reloader(Protocol):
    """What the apply needs from a node: reload one module, and read back the queues' strategies."""

    def reload(self, module: str) -> str: ...

    def queue_strategies(self) -> dict[str, str]: ...


class AMIReloader:
    """Reloads over AMI, answering the way Asterisk 22 does (see fixtures transcripts/s09_reload)."""

    def __init__(self, server: AsteriskServer, *, timeout: float = 10.0) -> None:
        self.server = server
        self.timeout = timeout

    async def _with_client(self, name: str, headers: dict[str, str], listing: bool) -> Any:
        from callcenter.ami.sync import client_for

        client = client_for(self.server, action_timeout=self.timeout, ping_interval=0, reconnect=False)
        try:
            await client.connect()
            if listing:
                return await client.action_list(name, headers, timeout=self.timeout)
            return await client.action(name, headers, timeout=self.timeout)
        finally:
            await client.close()

    def _run(self, name: str, headers: dict[str, str], *, listing: bool = False) -> Any:
        from callcenter.ami.errors import AMIActionError, AMIError

        try:
            return asyncio.run(self._with_client(name, headers, listing))
        except AMIActionError as exc:
            raise ActionRefused(f"{name} refused: {exc.message or 'error'}") from exc
        except (AMIError, OSError) as exc:
            raise ReloadFailed(f"{name} failed: {exc}") from exc

    def reload(self, module: str) -> str:
        if module == MODULE_DIALPLAN:
            response = self._run("Command", {"Command": "dialplan reload"})
            output = " ".join(response.output).strip()
            if "Dialplan reloaded" not in output:
                raise ReloadFailed(f"dialplan reload answered {output or 'nothing'!r}")
            return output
        response = self._run("Reload", {"Module": module})
        return str(response.get("Message") or "Module Reloaded")

    def queue_strategies(self) -> dict[str, str]:
        _response, events = self._run("QueueStatus", {}, listing=True)
        return {
            str(event.get("Queue")): str(event.get("Strategy"))
            for event in events
            if event.event == "QueueParams" and event.get("Queue")
        }

    def moh_files(self) -> dict[str, int] | None:
        """Class -> number of files, as ``moh show files`` lists the classes that have files; None when the
        node has no such command (the project's simulator: it plays no music, and took the reload)."""
        try:
            response = self._run("Command", {"Command": "moh show files"})
        except ActionRefused:
            return None
        return parse_moh_files(response.output)


@runtime_checkable
class MohReader(Protocol):
    """A reloader that can also read back the music on hold classes (``AMIReloader`` can)."""

    def moh_files(self) -> dict[str, int] | None: ...


def parse_moh_files(lines: list[str]) -> dict[str, int]:
    """``Class: x`` / ``File: path`` lines of ``moh show files`` -> class -> number of files."""
    counts: dict[str, int] = {}
    current: str | None = None
    for raw in lines:
        for line in raw.splitlines():
            text = line.strip()
            if text.startswith("Class:"):
                current = text[len("Class:") :].strip()
                counts.setdefault(current, 0)
            elif text.startswith("File:") and current is not None:
                counts[current] += 1
    return counts


def ensure_phone_accounts(actor: Any) -> list[str]:
    """Give every active agent's PJSIP phone and every supervisor's phone a random SIP password if it has none."""
    from callcenter.accounts.models import Role, User
    from callcenter.agents.models import Agent

    have = set(PhoneAccount.objects.values_list("extension", flat=True))
    wanted: set[str] = set()
    for agent in Agent.objects.filter(active=True):
        interface = agent.effective_interface
        if interface.startswith("PJSIP/"):
            wanted.add(interface[len("PJSIP/") :])
    wanted.update(
        User.objects.filter(is_active=True, role=Role.SUPERVISOR)
        .exclude(phone_extension="")
        .values_list("phone_extension", flat=True)
    )
    created = []
    for extension in sorted(wanted - have):
        account = PhoneAccount(extension=extension, secret=secrets.token_urlsafe(18))
        try:
            account.save()
        except ValidationError as exc:  # a hostile extension: the render reports it with the rest
            record(actor, "phone_account_refused", object_type="pbx.phoneaccount", object_repr=extension[:40],
                   result="refused", detail=str(exc))  # fmt: skip
            continue
        record(actor, "create", account, changes={"extension": [None, extension], "secret": [None, "***"]})
        created.append(extension)
    return created


def mask_secrets(text: str) -> str:
    """The diff as stored and shown: password lines never leave the node's directory."""
    return _SECRET_LINE.sub(lambda match: match.group(1) + "********", text)


def read_tree(directory: Path | None) -> dict[str, str]:
    """The config files of a rendered directory, as text (the audio under sounds/ and moh/ left out)."""
    if directory is None or not directory.is_dir():
        return {}
    files = {}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if path.is_file() and not is_audio(relative):
            files[relative] = path.read_text(encoding="utf-8")
    return files


def audio_tree(directory: Path | None) -> dict[str, str]:
    """The audio files of a rendered directory: path -> SHA-256."""
    if directory is None or not directory.is_dir():
        return {}
    hashes = {}
    for top in AUDIO_DIRS:
        for path in sorted((directory / top).rglob("*")):
            if path.is_file():
                hashes[path.relative_to(directory).as_posix()] = sha256_hex(path.read_bytes())
    return hashes


def diff_audio(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], str]:
    """(changed audio paths, one line each saying how, by SHA-256) for the stored diff."""
    changed = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    lines = []
    for path in changed:
        before, after = old.get(path), new.get(path)
        if before is None:
            lines.append(f"Audio new/{path}: added (sha256 {after})\n")
        elif after is None:
            lines.append(f"Audio live/{path}: removed (sha256 {before})\n")
        else:
            lines.append(f"Audio new/{path}: replaced (sha256 {before} -> {after})\n")
    return changed, "".join(lines)


def diff_versions(
    old_dir: Path | None, new_files: dict[str, str], new_audio: dict[str, str]
) -> tuple[list[str], str]:
    """Changed paths (config and audio) and the stored diff between a kept version and a new render."""
    changed, diff = diff_trees(read_tree(old_dir), new_files)
    audio_changed, audio_diff = diff_audio(audio_tree(old_dir), new_audio)
    return sorted(changed + audio_changed), diff + audio_diff


def diff_trees(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], str]:
    """(changed paths, unified diff with secrets masked)."""
    changed = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
    chunks: list[str] = []
    for path in changed:
        chunks.extend(
            difflib.unified_diff(
                old.get(path, "").splitlines(keepends=True),
                new.get(path, "").splitlines(keepends=True),
                fromfile=f"live/{path}",
                tofile=f"new/{path}",
            )
        )
    return changed, mask_secrets("".join(chunks))


def modules_to_reload(changed: list[str]) -> list[str]:
    wanted = {module_for(path) for path in changed} - {None}
    return [module for module in MODULE_ORDER if module in wanted]


def expected_moh_files(directory: Path) -> dict[str, int]:
    """Class -> number of files, as the version's musiconhold.conf and its moh/ directories say."""
    report = Report()
    if not (directory / MUSICONHOLD_FILE).exists():
        return {}
    expected = {}
    for section in parse_config(directory, MUSICONHOLD_FILE, report):
        if section.name.lower() == "general":
            continue
        folder = directory / "moh" / section.name
        expected[section.name] = len([p for p in folder.iterdir() if p.is_file()]) if folder.is_dir() else 0
    return expected


def expected_strategies(directory: Path) -> dict[str, str]:
    """Queue name -> strategy, as the version's queues.conf says."""
    report = Report()
    queues = check_queues(parse_config(directory, QUEUES_FILE, report), report)
    return {name: section.get("strategy")[0] for name, section in queues.items() if section.get("strategy")}


class NodeDirectory:
    """The versions and the live symlink of one node's configuration directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions = root / VERSIONS_DIR
        self.live = root / LIVE_LINK

    @property
    def include_root(self) -> str:
        return str(self.live)

    def version_dir(self, version: int) -> Path:
        return self.versions / f"{version:04d}"

    def live_version(self) -> int | None:
        if not self.live.is_symlink():
            return None
        target = Path(os.readlink(self.live)).name
        return int(target) if target.isdigit() else None

    def existing_versions(self) -> list[int]:
        if not self.versions.is_dir():
            return []
        return sorted(int(path.name) for path in self.versions.iterdir() if path.name.isdigit())

    def write_version(self, rendered: Rendered, *, after: int = 0, reuse_from: Path | None = None) -> int:
        """Write a new numbered version (above ``after`` and every kept one); it appears complete or not
        at all (rename of a finished directory). Audio the version ``reuse_from`` holds is linked from it.
        ConfigInvalid (stored audio that is not what it should be) leaves nothing behind."""
        self.versions.mkdir(parents=True, exist_ok=True)
        version = max([*self.existing_versions(), after]) + 1
        staging = self.versions / f".{version:04d}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            rendered.write(staging, reuse_from=reuse_from)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        os.rename(staging, self.version_dir(version))
        return version

    def point_live_at(self, version: int | None) -> None:
        """Swap the live symlink in one rename (or remove it when there is no version to point at)."""
        if version is None:
            with contextlib.suppress(FileNotFoundError):
                self.live.unlink()
            return
        temporary = self.root / f".{LIVE_LINK}.tmp"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(Path(VERSIONS_DIR) / f"{version:04d}", temporary)
        os.replace(temporary, self.live)

    def remove_version(self, version: int) -> None:
        shutil.rmtree(self.version_dir(version), ignore_errors=True)

    def prune(self, keep: int) -> list[int]:
        live = self.live_version()
        removed = []
        for version in self.existing_versions()[:-keep] if keep > 0 else []:
            if version != live:
                self.remove_version(version)
                removed.append(version)
        return removed

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def keep_versions() -> int:
    return int(getattr(settings, "PBX_KEEP_VERSIONS", 10))


def _actor_name(actor: Any) -> str:
    return "system" if actor is None else str(getattr(actor, "username", actor))


def _finish(actor: Any, server: AsteriskServer, started: float, **fields: Any) -> ConfigApply:
    entry = ConfigApply.objects.create(
        server=server,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_actor_name(actor),
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


def _reload_and_verify(reloader: Reloader, modules: list[str], directory: Path) -> list[str]:
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


def _switch(
    node: NodeDirectory, reloader: Reloader, new: int, previous: int | None, modules: list[str]
) -> tuple[str, str]:
    """Make ``new`` live and reload; on failure put ``previous`` back and reload it. Returns (status, error)."""
    node.point_live_at(new)
    try:
        _reload_and_verify(reloader, modules, node.version_dir(new))
    except ReloadFailed as exc:
        error = str(exc)
        node.point_live_at(previous)
        if previous is not None:
            try:
                _reload_and_verify(reloader, modules, node.version_dir(previous))
            except ReloadFailed as restore_exc:
                return (
                    ConfigApply.Status.FAILED,
                    f"{error}; restoring version {previous} failed too: {restore_exc}",
                )
        return ConfigApply.Status.ROLLED_BACK, error
    return ConfigApply.Status.APPLIED, ""


def apply_configuration(
    actor: Any,
    server: AsteriskServer,
    *,
    dry_run: bool = False,
    reloader: Reloader | None = None,
    sounds_dir: Path | None = None,
    external_contexts: set[str] | None = None,
) -> ConfigApply:
    """Render, diff, check, swap, reload and verify one node; returns the stored ConfigApply."""
    started = time.monotonic()
    node = NodeDirectory(Path(server.config_dir))
    reloader = reloader or AMIReloader(server)
    with node.locked():
        previous = node.live_version()
        ensure_phone_accounts(actor)
        center = collect(server)
        external = set(external_contexts or ()) | {
            queue.exit_context for queue in center.queues if queue.exit_context
        }
        try:
            rendered = render_center(center, node.include_root)
        except ConfigInvalid as exc:
            return _finish(
                actor, server, started, status=ConfigApply.Status.REFUSED, previous_version=previous,
                error="\n".join(exc.errors),
            )  # fmt: skip
        live_dir = node.version_dir(previous) if previous is not None else None
        changed, diff = diff_versions(live_dir, rendered.files, rendered.audio_hashes())
        if previous is not None and not changed:
            return _finish(
                actor, server, started, status=ConfigApply.Status.UNCHANGED, version=previous,
                previous_version=previous,
            )  # fmt: skip
        # Never reuse the number of a refused or rolled-back attempt: the history names each version once.
        used = ConfigApply.objects.filter(server=server).aggregate(highest=Max("version"))["highest"] or 0
        try:
            version = node.write_version(rendered, after=used, reuse_from=live_dir)
        except ConfigInvalid as exc:
            return _finish(
                actor, server, started, status=ConfigApply.Status.REFUSED, previous_version=previous,
                changed_files=changed, diff=diff, error="\n".join(exc.errors),
            )  # fmt: skip
        report = check_directory(
            node.version_dir(version),
            include_root=node.include_root,
            sounds_dir=sounds_dir,
            external_contexts=external,
        )
        modules = modules_to_reload(changed) if previous is not None else list(MODULE_ORDER)
        common: dict[str, Any] = {
            "previous_version": previous, "changed_files": changed, "diff": diff, "warnings": report.warnings,
        }  # fmt: skip
        if not report.ok or dry_run:
            node.remove_version(version)
            outcome = ConfigApply.Status.DRY_RUN if report.ok else ConfigApply.Status.REFUSED
            return _finish(
                actor, server, started, status=outcome, reloaded=modules if report.ok else [],
                error="\n".join(report.errors), **common,
            )  # fmt: skip
        status, error = _switch(node, reloader, version, previous, modules)
        _tell_reloaded(server, modules)
        if status != ConfigApply.Status.APPLIED:
            node.remove_version(version)
        else:
            node.prune(keep_versions())
        return _finish(
            actor, server, started, status=status, version=version, reloaded=modules, error=error, **common
        )


def rollback_configuration(
    actor: Any, server: AsteriskServer, version: int, *, reloader: Reloader | None = None
) -> ConfigApply:
    """Put a kept version back live (the database is not changed: the next apply renders it again)."""
    started = time.monotonic()
    node = NodeDirectory(Path(server.config_dir))
    reloader = reloader or AMIReloader(server)
    with node.locked():
        previous = node.live_version()
        kind = ConfigApply.Kind.ROLLBACK
        if version not in node.existing_versions():
            return _finish(
                actor, server, started, kind=kind, status=ConfigApply.Status.REFUSED, version=version,
                previous_version=previous, error=f"version {version} is no longer kept on this node",
            )  # fmt: skip
        target = node.version_dir(version)
        changed, diff = diff_versions(
            node.version_dir(previous) if previous is not None else None,
            read_tree(target),
            audio_tree(target),
        )
        modules = modules_to_reload(changed) if previous is not None else list(MODULE_ORDER)
        status, error = _switch(node, reloader, version, previous, modules)
        _tell_reloaded(server, modules)
        return _finish(
            actor, server, started, kind=kind, status=status, version=version, previous_version=previous,
            changed_files=changed, diff=diff, reloaded=modules, error=error,
        )  # fmt: skip


def render_to_directory(
    server: AsteriskServer | None,
    out: Path,
    *,
    include_root: str | None = None,
    sounds_dir: Path | None = None,
) -> tuple[Rendered, Report]:
    """``pbx_render``: render one node (or the whole center) into ``out`` and check it; nothing live is touched.

    Queue exit contexts are the admin's own dialplan, outside the rendered files: a missing one is a warning.
    """
    center = collect(server)
    root = include_root or str(out.resolve())
    rendered = render_center(center, root)
    # A re-render into the same directory must not leave a subroutine or audio file that no longer exists
    # behind: nothing would use it, but a reader of DIR would take it for part of the render.
    for stale in sorted(
        set(read_tree(out / "callcenter")) - {p[len("callcenter/") :] for p in rendered.files}
    ):
        (out / "callcenter" / stale).unlink()
    for stale_audio in sorted(set(audio_tree(out)) - set(rendered.audio)):
        (out / stale_audio).unlink()
    rendered.write(out)
    external = {queue.exit_context for queue in center.queues if queue.exit_context}
    report = check_directory(out, include_root=root, sounds_dir=sounds_dir, external_contexts=external)
    return rendered, report
