"""A node's configuration directory: its numbered versions and the ``live`` symlink."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from callcenter.pbx.render import Rendered

VERSIONS_DIR = "versions"

LIVE_LINK = "live"


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
