"""Uploaded audio: prompts, music on hold classes and their files, and the bytes of each file."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps

from callcenter.pbx.snapshot.conf.errors import ConfigInvalid


@dataclass
class AudioConf:
    """A converted audio file (8 kHz mono 16-bit WAV): its SHA-256, and where its bytes come from.

    ``data`` holds the bytes in a snapshot built without a database (tests, benchmarks); ``collect`` names
    the ``row`` instead, read only for a file the node does not already have (``read_audio``)."""

    sha256: str
    data: bytes | None = None
    row: tuple[str, int] | None = None  # (model label, primary key)


@dataclass
class PromptConf:
    """An uploaded prompt, written as ``sounds/<name>.wav`` and played by that path."""

    name: str
    audio: AudioConf


@dataclass
class MohFileConf:
    """One file of a music on hold class, written as ``moh/<class>/<name>.wav``."""

    name: str
    audio: AudioConf


@dataclass
class MohClassConf:
    """A music on hold class of musiconhold.conf (mode=files, a directory of its own)."""

    name: str
    sort: str = "alpha"
    files: list[MohFileConf] = field(default_factory=list)


def read_audio(audio: AudioConf) -> bytes:
    """The bytes of an audio file of the snapshot (from the snapshot itself, or from its row)."""
    if audio.data is not None:
        return audio.data
    if audio.row is None:
        raise ConfigInvalid([f"audio {audio.sha256[:12]}: no content"])
    label, pk = audio.row
    stored = apps.get_model(label)._default_manager.filter(pk=pk).values_list("audio", flat=True).first()
    if stored is None:
        raise ConfigInvalid([f"audio {audio.sha256[:12]}: the {label} row {pk} no longer exists"])
    return bytes(stored)
