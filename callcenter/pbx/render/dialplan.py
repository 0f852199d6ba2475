"""callcenter/generated.conf: the generated contexts (routes, schedules, IVR, queues, lookups)."""

from __future__ import annotations

from callcenter.pbx.channels import spy_prefix, state_interface
from callcenter.pbx.render.layout import server_label
from callcenter.pbx.render.pjsip import endpoint_of, unique_supervisors
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import load

CALLBACK_KEY = "*"

# The caller tiers (VIP routing): the AstDB family the control plane pushes to every node, and the
# generated subroutine every queue context calls with it before Queue() (docs/pbx-config.md).
VIP_FAMILY = "cc-vip"

VIP_CONTEXT = "cc-vip"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _target(kind: str, queue: str, ivr: str, extension: str) -> tuple[str, str]:
    """(context, extension) of a destination."""
    if kind == "queue":
        return f"cc-queue-{queue}", "s"
    if kind == "ivr":
        return f"cc-ivr-{ivr}", "s"
    if kind == "extension":
        return "cc-internal", extension
    return "cc-hangup", "s"


def render_dialplan(center: CenterConf) -> str:
    template = load("dialplan.conf.tmpl")
    parts = [template("header", server=server_label(center)), template("inbound_head")]
    for route in center.routes:
        context, exten = _target(route.destination, route.queue, route.ivr, route.extension)
        if route.schedule:
            parts.append(
                template(
                    "route_scheduled",
                    did=route.did,
                    schedule=route.schedule,
                    closed_prompt=route.closed_prompt,
                    context=context,
                    exten=exten,
                )
            )
        else:
            parts.append(template("route", did=route.did, context=context, exten=exten))
    parts.append(template("inbound_tail"))
    parts.append(template("vip", context=VIP_CONTEXT, family=VIP_FAMILY))

    for schedule in center.schedules:
        parts.append(template("schedule_head", name=schedule.name, tz=schedule.time_zone))
        for day in sorted(schedule.holidays):
            parts.append(template("schedule_holiday", date=day.isoformat()))
        for weekday, opens, closes in sorted(schedule.rules):
            parts.append(
                template(
                    "schedule_rule",
                    opens=opens.strftime("%H:%M"),
                    closes=closes.strftime("%H:%M"),
                    weekday=WEEKDAYS[weekday],
                    tz=schedule.time_zone,
                )
            )
        parts.append(template("schedule_tail"))

    for menu in center.menus:
        last_context, last_exten = _target(
            "queue" if menu.timeout_queue else "hangup", menu.timeout_queue, "", ""
        )
        parts.append(
            template(
                "ivr",
                name=menu.name,
                greeting=menu.greeting,
                timeout=menu.timeout_s,
                max_retries=menu.max_retries,
                last_context=last_context,
                last_exten=last_exten,
                invalid_prompt=menu.invalid_prompt,
            )
        )
        for option in menu.options:
            context, exten = _target(option.destination, option.queue, option.ivr, option.extension)
            parts.append(template("ivr_option", digit=option.digit, context=context, exten=exten))

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

    phones = [agent for agent in center.agents if endpoint_of(agent.interface)]
    parts.append(
        template("lookup_head", context="cc-agent-login", comment="Dynamic queues of each agent phone")
    )
    for agent in phones:
        parts.append(
            template("login_agent", endpoint=endpoint_of(agent.interface), extension=agent.extension)
        )
        for queue_name, penalty in agent.dynamic_queues:
            parts.append(
                template(
                    "login_queue",
                    queue=queue_name,
                    interface=agent.interface,
                    penalty=penalty,
                    member_name=agent.member_name,
                    state_interface=state_interface(agent.interface),
                )
            )
        parts.append(template("return"))
    parts.append(template("lookup_head", context="cc-agent-logout", comment="Log-out of the same queues"))
    for agent in phones:
        parts.append(
            template("logout_agent", endpoint=endpoint_of(agent.interface), extension=agent.extension)
        )
        for queue_name, _penalty in agent.dynamic_queues:
            parts.append(template("logout_queue", queue=queue_name, interface=agent.interface))
        parts.append(template("return"))
    parts.append(
        template("lookup_head", context="cc-agent-iface", comment="The queue interface of each phone")
    )
    for agent in phones:
        parts.append(template("lookup_return", exten=endpoint_of(agent.interface), value=agent.interface))
    parts.append(
        template("lookup_head", context="cc-pause-reasons", comment="Pause reason number to reason code")
    )
    for reason in center.pause_reasons:
        parts.append(template("lookup_return", exten=reason.number, value=reason.code))
    parts.append(
        template(
            "lookup_head", context="cc-supervisors", comment="Phones allowed to listen and whisper and barge"
        )
    )
    for supervisor in unique_supervisors(center):
        parts.append(template("lookup_return", exten=supervisor, value="yes"))
    parts.append(
        template("lookup_head", context="cc-spy-targets", comment="Agent extension to ChanSpy channel prefix")
    )
    for agent in center.agents:
        parts.append(template("lookup_return", exten=agent.extension, value=spy_prefix(agent.interface)))

    parts.append(template("internal_head"))
    for agent in center.agents:
        parts.append(template("internal", extension=agent.extension, interface=agent.interface))
    agent_extensions = {agent.extension for agent in center.agents}
    for supervisor in unique_supervisors(center):
        if supervisor not in agent_extensions:
            parts.append(template("internal", extension=supervisor, interface=f"PJSIP/{supervisor}"))

    parts.append(template("outbound_head"))
    default_trunks = []
    for trunk in center.trunks:
        if trunk.outbound_prefix:
            parts.append(
                template(
                    "outbound_prefix",
                    prefix=trunk.outbound_prefix,
                    trunk=trunk.name,
                    strip=len(trunk.outbound_prefix),
                    max_channels=trunk.max_channels,
                    caller_id=trunk.caller_id,
                )
            )
        else:
            default_trunks.append(trunk)
    for index, trunk in enumerate(default_trunks):
        parts.append(
            template(
                "outbound_default_first" if index == 0 else "outbound_default_next",
                trunk=trunk.name,
                max_channels=trunk.max_channels,
                caller_id=trunk.caller_id,
            )
        )
    if default_trunks:
        parts.append(template("outbound_default_tail"))
    parts.append(template("phones"))
    return "".join(parts)
