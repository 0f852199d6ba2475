"""callcenter/generated.conf: the generated contexts (routes, schedules, IVR, queues, lookups)."""

from __future__ import annotations

from callcenter.pbx.render.dialplan.inbound import render_inbound
from callcenter.pbx.render.dialplan.lookups import render_lookups
from callcenter.pbx.render.dialplan.names import CALLBACK_KEY, VIP_CONTEXT, VIP_FAMILY
from callcenter.pbx.render.dialplan.outbound import render_outbound
from callcenter.pbx.render.dialplan.queue_contexts import render_queue_contexts
from callcenter.pbx.render.dialplan.queue_login import render_queue_login
from callcenter.pbx.render.dialplan.schedules import render_schedules
from callcenter.pbx.render.layout import server_label
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import load

__all__ = ["CALLBACK_KEY", "VIP_CONTEXT", "VIP_FAMILY", "render_dialplan"]


def render_dialplan(center: CenterConf) -> str:
    template = load("dialplan.conf.tmpl")
    return "".join(
        [
            template("header", server=server_label(center)),
            *render_inbound(template, center),
            *render_schedules(template, center),
            *render_queue_contexts(template, center),
            *render_queue_login(template, center),
            *render_lookups(template, center),
            *render_outbound(template, center),
            template("phones"),
        ]
    )
