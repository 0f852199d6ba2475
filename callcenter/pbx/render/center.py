"""Rendering a whole center: extensions.conf, the hand-written subroutines, and every file together."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from callcenter.core.validators import validate_abs_path
from callcenter.pbx.render.dialplan import render_dialplan
from callcenter.pbx.render.layout import (
    DIALPLANS_DIR,
    EXTENSIONS_FILE,
    GENERATED_FILE,
    MUSICONHOLD_FILE,
    PJSIP_FILE,
    QUEUES_FILE,
    dialplans_source_dir,
    server_label,
)
from callcenter.pbx.render.output import Rendered
from callcenter.pbx.render.pjsip import render_pjsip
from callcenter.pbx.render.queues import render_queues
from callcenter.pbx.render.sounds import audio_files, render_musiconhold, sound_path, with_uploaded_prompts
from callcenter.pbx.snapshot import CenterConf, ConfigInvalid, validate_center
from callcenter.pbx.templating import load

# The prompts the hand-written subroutines play, as [globals] of extensions.conf names them.
GLOBAL_PROMPTS = {
    "survey_prompt": "custom/survey",
    "survey_thanks": "auth-thankyou",
    "callback_prompt": "custom/callback-number",
    "callback_ok": "custom/callback-ok",
}


def render_extensions(center: CenterConf, include_root: str, dialplan_names: list[str]) -> str:
    template = load("extensions.conf.tmpl")
    root = include_root.rstrip("/")
    uploaded = {prompt.name for prompt in center.prompts}
    prompts = {key: sound_path(name, uploaded, root) for key, name in GLOBAL_PROMPTS.items()}
    parts = [template("header", server=server_label(center), recordings_dir=center.recordings_dir, **prompts)]
    parts.append(template("include", path=f"{root}/{GENERATED_FILE}"))
    for name in dialplan_names:
        parts.append(template("include", path=f"{root}/{DIALPLANS_DIR}/{name}"))
    return "".join(parts)


def hand_written_dialplans() -> dict[str, str]:
    """The hand-written subroutines, by file name."""
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(dialplans_source_dir().glob("*.conf"))
    }


def render_center(center: CenterConf, include_root: str) -> Rendered:
    """Validate every value of the snapshot, then render all files; raises ConfigInvalid and changes nothing."""
    errors = validate_center(center)
    if errors:
        raise ConfigInvalid(errors)
    try:
        validate_abs_path(include_root)
    except ValidationError as exc:
        raise ConfigInvalid([f"include root: {'; '.join(exc.messages)}"]) from None
    dialplans = hand_written_dialplans()
    playing = with_uploaded_prompts(center, include_root)
    files = {
        QUEUES_FILE: render_queues(playing),
        PJSIP_FILE: render_pjsip(center),
        GENERATED_FILE: render_dialplan(playing),
        EXTENSIONS_FILE: render_extensions(center, include_root, sorted(dialplans)),
        MUSICONHOLD_FILE: render_musiconhold(center, include_root),
    }
    for name, text in dialplans.items():
        files[f"{DIALPLANS_DIR}/{name}"] = text
    return Rendered(files, audio_files(center))
