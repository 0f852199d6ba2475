"""One context per queue: recording, the VIP tier, Queue() itself, the survey and the exit keys."""

from __future__ import annotations

from callcenter.pbx.render.dialplan.names import CALLBACK_KEY, VIP_CONTEXT
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template


def render_queue_contexts(template: Template, center: CenterConf) -> list[str]:
    """The entry context of each queue, and its exit context when a key may leave it."""
    parts = []
    for queue in center.queues:
        parts.append(template("queue_head", name=queue.name, vip_context=VIP_CONTEXT))
        if queue.recording == "all":
            parts.append(template("queue_record", name=queue.name))
        parts.append(
            template(
                "queue_enter",
                name=queue.name,
                options="c" if queue.survey_enabled else "",
                max_wait=queue.max_wait or "",
            )
        )
        if queue.survey_enabled:
            parts.append(template("queue_survey", name=queue.name))
        parts.append(template("queue_tail"))
        if queue.callback_enabled or queue.exit_context:
            parts.append(template("queue_exit_head", name=queue.name))
            if queue.callback_enabled:
                parts.append(template("queue_exit_callback", key=CALLBACK_KEY, name=queue.name))
            if queue.exit_context:
                parts.append(template("queue_exit_include", context=queue.exit_context))
    return parts
