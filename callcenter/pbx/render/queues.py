"""queues.conf: one section per queue, with its static members."""

from __future__ import annotations

from callcenter.pbx.render.layout import server_label
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import load


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def render_queues(center: CenterConf) -> str:
    template = load("queues.conf.tmpl")
    parts = [template("header", server=server_label(center))]
    for queue in center.queues:
        parts.append(
            template.fill(
                "queue",
                queue,
                servicelevel=queue.service_level,
                ringinuse=_yes_no(queue.ringinuse),
                musicclass=queue.music_class,
            )
        )
        if queue.periodic_announce:
            parts.append(template("periodic_announce", prompt=queue.periodic_announce))
        if queue.callback_enabled or queue.exit_context:
            parts.append(template("exit_context", context=f"cc-queue-exit-{queue.name}"))
        parts.extend(template.fill("member", member) for member in queue.members)
    return "".join(parts)
