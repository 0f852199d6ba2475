"""Renders a validated snapshot of the center into the files Asterisk reads.

Layout of a rendered directory (an overlay of Asterisk's configuration directory)::

    queues.conf                         app_queue: one section per queue, static members
    extensions.conf                     [general], [globals], and #include of the two below
    pjsip.conf                          transports, agents' and supervisors' phones, trunks
    callcenter/generated.conf           the generated contexts (routes, schedules, IVR, queues, lookups)
    callcenter/dialplans/<name>.conf    copies of the hand-written subroutines from dialplans/
    musiconhold.conf                    one class per uploaded music on hold class (mode=files)
    moh/<class>/<file>.wav              the files of each class (8 kHz mono 16-bit WAV)
    sounds/<prompt>.wav                 the uploaded prompts, played by absolute path

The #include lines, the music on hold directories and the uploaded prompts use absolute paths under
``include_root``: the directory as Asterisk will see it (the
``live`` symlink of an applied node, or the output directory itself for a plain render).
The output is deterministic: the same database renders byte-identical files, so a diff shows only real
changes and an unchanged module is never reloaded.
"""

from callcenter.pbx.render.center import render_center, render_extensions
from callcenter.pbx.render.dialplan import CALLBACK_KEY, VIP_CONTEXT, VIP_FAMILY, render_dialplan
from callcenter.pbx.render.layout import (
    AUDIO_DIRS,
    DIALPLANS_DIR,
    EXTENSIONS_FILE,
    GENERATED_FILE,
    MODULE_DIALPLAN,
    MODULE_MOH,
    MODULE_PJSIP,
    MODULE_QUEUES,
    MOH_DIR,
    MUSICONHOLD_FILE,
    PJSIP_FILE,
    QUEUES_FILE,
    SOUNDS_DIR,
    is_audio,
    module_for,
)
from callcenter.pbx.render.output import Rendered
from callcenter.pbx.render.pjsip import endpoint_of, render_pjsip
from callcenter.pbx.render.queues import render_queues
from callcenter.pbx.render.sounds import render_musiconhold

__all__ = [
    "AUDIO_DIRS",
    "CALLBACK_KEY",
    "DIALPLANS_DIR",
    "EXTENSIONS_FILE",
    "GENERATED_FILE",
    "MODULE_DIALPLAN",
    "MODULE_MOH",
    "MODULE_PJSIP",
    "MODULE_QUEUES",
    "MOH_DIR",
    "MUSICONHOLD_FILE",
    "PJSIP_FILE",
    "QUEUES_FILE",
    "SOUNDS_DIR",
    "VIP_CONTEXT",
    "VIP_FAMILY",
    "Rendered",
    "endpoint_of",
    "is_audio",
    "module_for",
    "render_center",
    "render_dialplan",
    "render_extensions",
    "render_musiconhold",
    "render_pjsip",
    "render_queues",
]
