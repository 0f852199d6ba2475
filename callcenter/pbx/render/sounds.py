"""The uploaded prompts and music on hold: their paths on the node, and musiconhold.conf."""

from __future__ import annotations

import dataclasses

from callcenter.pbx.audio import EXTENSION as AUDIO_EXTENSION
from callcenter.pbx.render.layout import MOH_DIR, SOUNDS_DIR, server_label
from callcenter.pbx.snapshot import AudioConf, CenterConf
from callcenter.pbx.templating import load


def sound_path(name: str, uploaded: set[str], include_root: str) -> str:
    """How the files name a prompt: an uploaded one by its absolute path in the rendered directory (so the
    version that is live plays, and a rollback brings the old recording back), any other by its name,
    for Asterisk to find among the node's own sounds."""
    if name in uploaded:
        return f"{include_root.rstrip('/')}/{SOUNDS_DIR}/{name}"
    return name


def with_uploaded_prompts(center: CenterConf, include_root: str) -> CenterConf:
    """The snapshot with every prompt that names an uploaded one replaced by its path (``sound_path``)."""
    uploaded = {prompt.name for prompt in center.prompts}
    if not uploaded:
        return center

    def path(name: str) -> str:
        return sound_path(name, uploaded, include_root) if name else name

    return dataclasses.replace(
        center,
        queues=[dataclasses.replace(q, periodic_announce=path(q.periodic_announce)) for q in center.queues],
        menus=[
            dataclasses.replace(m, greeting=path(m.greeting), invalid_prompt=path(m.invalid_prompt))
            for m in center.menus
        ],
        routes=[dataclasses.replace(r, closed_prompt=path(r.closed_prompt)) for r in center.routes],
    )


def moh_directory(include_root: str, class_name: str) -> str:
    return f"{include_root.rstrip('/')}/{MOH_DIR}/{class_name}"


def render_musiconhold(center: CenterConf, include_root: str) -> str:
    """One mode=files class per uploaded class that has files; a class without files is left out."""
    template = load("musiconhold.conf.tmpl")
    parts = [template("header", server=server_label(center))]
    for moh_class in center.moh_classes:
        if moh_class.files:
            parts.append(
                template(
                    "moh_class",
                    name=moh_class.name,
                    directory=moh_directory(include_root, moh_class.name),
                    sort=moh_class.sort,
                )
            )
    return "".join(parts)


def audio_files(center: CenterConf) -> dict[str, AudioConf]:
    """The audio of the render by path: ``sounds/<prompt>.wav`` and ``moh/<class>/<file>.wav``."""
    files = {f"{SOUNDS_DIR}/{prompt.name}{AUDIO_EXTENSION}": prompt.audio for prompt in center.prompts}
    for moh_class in center.moh_classes:
        for moh_file in moh_class.files:
            files[f"{MOH_DIR}/{moh_class.name}/{moh_file.name}{AUDIO_EXTENSION}"] = moh_file.audio
    return files
