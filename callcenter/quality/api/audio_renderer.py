"""Content negotiation for audio: a client may ask for a recording by its type; errors stay JSON."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import BaseRenderer


class AudioRenderer(BaseRenderer):
    """Lets a client ask for the audio by its type (``Accept: audio/wav``); errors are still JSON."""

    media_type = "audio/*"
    format = "audio"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()
