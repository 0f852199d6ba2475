"""Which prompts a node can play: the uploaded ones in the checked directory and the node's sounds."""

from __future__ import annotations

from pathlib import Path

VARIABLE = "${"


class Sounds:
    """Where prompts are looked up: the node's sounds directory (optional), and the checked directory for
    prompts played by absolute path under its include root (the uploaded ones)."""

    def __init__(self, names: set[str] | None, include_root: str | None, directory: Path) -> None:
        self.names = names
        self.prefix = include_root.rstrip("/") + "/" if include_root else None
        self.directory = directory

    def problem(self, prompt: str) -> str | None:
        """Why ``prompt`` would not play, or None when it does (or cannot be known here)."""
        if VARIABLE in prompt:
            return None
        if prompt.startswith("/"):
            if self.prefix is None or not prompt.startswith(self.prefix):
                return None
            relative = prompt[len(self.prefix) :]
            if ".." in relative.split("/") or not _has_audio(self.directory / relative):
                return f"prompt {prompt!r} has no audio file in the rendered directory"
            return None
        if self.names is not None and prompt not in self.names:
            return f"prompt {prompt!r} is not in the sounds directory"
        return None


def _has_audio(stem: Path) -> bool:
    """Is there a file ``<stem>.<extension>`` (as Asterisk looks a sound up)?"""
    folder = stem.parent
    if not folder.is_dir():
        return False
    return any(path.is_file() and path.stem == stem.name for path in folder.iterdir())


def sounds_in(directory: Path) -> set[str]:
    """Prompt names available under a sounds directory (with or without a language subdirectory)."""
    names: set[str] = set()
    for path in directory.rglob("*"):
        if path.is_file():
            relative = path.relative_to(directory).with_suffix("").as_posix()
            names.add(relative)
            first, _sep, rest = relative.partition("/")
            if rest and len(first) <= 5:
                names.add(rest)
    return names
