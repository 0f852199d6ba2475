"""A rendered configuration and the writing of it into a directory."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from callcenter.pbx.audio import check_stored, sha256_hex
from callcenter.pbx.render.layout import PJSIP_FILE, is_audio
from callcenter.pbx.snapshot import AudioConf, ConfigInvalid, read_audio


@dataclass(frozen=True)
class Rendered:
    """The rendered files, by path relative to the output directory: config text, and audio files."""

    files: dict[str, str]
    audio: dict[str, AudioConf] = field(default_factory=dict)

    def audio_hashes(self) -> dict[str, str]:
        return {relative: audio.sha256 for relative, audio in self.audio.items()}

    def write(self, directory: Path, *, reuse_from: Path | None = None) -> None:
        """Write every file under directory (created if needed); pjsip.conf (passwords) is not world-readable.

        Asterisk reads the files as its own user: make the node's config_dir group-owned by Asterisk's
        group with the setgid bit, so that new versions inherit the group.

        An audio file that ``reuse_from`` (the live version) already holds with the same SHA-256 is
        hard-linked from there (copied across file systems); only new audio is read from the database,
        and each is checked against its SHA-256 and Asterisk's format first (ConfigInvalid otherwise).
        Files are never changed in place, so versions may share them.
        """
        for relative, text in sorted(self.files.items()):
            path = directory / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            os.chmod(path, 0o640 if relative == PJSIP_FILE else 0o644)
        for relative, audio in sorted(self.audio.items()):
            path = directory / relative
            if not path.resolve().is_relative_to(directory.resolve()) or not is_audio(relative):
                raise ConfigInvalid([f"audio path {relative!r} is outside the rendered directory"])
            path.parent.mkdir(parents=True, exist_ok=True)
            if reuse_from is not None and _reuse(reuse_from / relative, path, audio.sha256):
                continue
            data = read_audio(audio)
            try:
                check_stored(data, audio.sha256)
            except ValueError as exc:
                raise ConfigInvalid([f"{relative}: {exc}"]) from None
            path.write_bytes(data)
            os.chmod(path, 0o644)


def _reuse(source: Path, target: Path, sha256: str) -> bool:
    """Link (or copy) ``source`` to ``target`` when it holds exactly the wanted audio."""
    try:
        if source.is_symlink() or not source.is_file() or sha256_hex(source.read_bytes()) != sha256:
            return False
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
            os.chmod(target, 0o644)
    except OSError:
        return False
    return True
