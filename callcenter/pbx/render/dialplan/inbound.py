"""Where an inbound call goes: the DID routes and the IVR menus."""

from __future__ import annotations

from callcenter.pbx.render.dialplan.names import VIP_CONTEXT, VIP_FAMILY
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template


def _target(kind: str, queue: str, ivr: str, extension: str) -> tuple[str, str]:
    """(context, extension) of a destination."""
    if kind == "queue":
        return f"cc-queue-{queue}", "s"
    if kind == "ivr":
        return f"cc-ivr-{ivr}", "s"
    if kind == "extension":
        return "cc-internal", extension
    return "cc-hangup", "s"


def render_inbound(template: Template, center: CenterConf) -> list[str]:
    """The inbound context (one line per DID, checked against its schedule), the VIP lookup and one
    context per IVR menu."""
    parts = [template("inbound_head")]
    for route in center.routes:
        context, exten = _target(route.destination, route.queue, route.ivr, route.extension)
        block = "route_scheduled" if route.schedule else "route"
        parts.append(template.fill(block, route, context=context, exten=exten))
    parts.append(template("inbound_tail"))
    parts.append(template("vip", context=VIP_CONTEXT, family=VIP_FAMILY))

    for menu in center.menus:
        last_context, last_exten = _target(
            "queue" if menu.timeout_queue else "hangup", menu.timeout_queue, "", ""
        )
        parts.append(
            template.fill(
                "ivr", menu, timeout=menu.timeout_s, last_context=last_context, last_exten=last_exten
            )
        )
        for option in menu.options:
            context, exten = _target(option.destination, option.queue, option.ivr, option.extension)
            parts.append(template("ivr_option", digit=option.digit, context=context, exten=exten))
    return parts
