"""The layout of a rendered directory: its files, and which Asterisk module reads each."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from callcenter.pbx.snapshot import CenterConf

QUEUES_FILE = "queues.conf"

EXTENSIONS_FILE = "extensions.conf"

PJSIP_FILE = "pjsip.conf"

GENERATED_FILE = "callcenter/generated.conf"

DIALPLANS_DIR = "callcenter/dialplans"

MUSICONHOLD_FILE = "musiconhold.conf"

SOUNDS_DIR = "sounds"

MOH_DIR = "moh"

AUDIO_DIRS = (SOUNDS_DIR, MOH_DIR)

# Which Asterisk module reads which rendered file, i.e. what to reload when it changes.
MODULE_QUEUES = "app_queue.so"

MODULE_DIALPLAN = "dialplan"

MODULE_PJSIP = "res_pjsip.so"

MODULE_MOH = "res_musiconhold.so"


def is_audio(path: str) -> bool:
    """Is ``path`` (relative to a rendered directory) one of the audio files rather than a config file?"""
    return path.split("/", 1)[0] in AUDIO_DIRS


def module_for(path: str) -> str | None:
    """The module to reload when the rendered file ``path`` changed (None: nothing, e.g. a prompt's audio,
    which Asterisk opens anew each time it plays it)."""
    if path == QUEUES_FILE:
        return MODULE_QUEUES
    if path == PJSIP_FILE:
        return MODULE_PJSIP
    if path == MUSICONHOLD_FILE or path.startswith(f"{MOH_DIR}/"):
        return MODULE_MOH
    if path.startswith(f"{SOUNDS_DIR}/"):
        return None
    return MODULE_DIALPLAN


def dialplans_source_dir() -> Path:
    return Path(settings.BASE_DIR) / "dialplans"


def server_label(center: CenterConf) -> str:
    return center.server_name or "all"
