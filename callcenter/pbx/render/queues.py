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
            template(
                "queue",
                name=queue.name,
                strategy=queue.strategy,
                timeout=queue.timeout,
                retry=queue.retry,
                wrapuptime=queue.wrapuptime,
                maxlen=queue.maxlen,
                weight=queue.weight,
                servicelevel=queue.service_level,
                joinempty=queue.joinempty,
                leavewhenempty=queue.leavewhenempty,
                ringinuse=_yes_no(queue.ringinuse),
                announce_position=queue.announce_position,
                announce_holdtime=queue.announce_holdtime,
                announce_frequency=queue.announce_frequency,
                announce_round_seconds=queue.announce_round_seconds,
                periodic_announce_frequency=queue.periodic_announce_frequency,
                musicclass=queue.music_class,
            )
        )
        if queue.periodic_announce:
            parts.append(template("periodic_announce", prompt=queue.periodic_announce))
        if queue.callback_enabled or queue.exit_context:
            parts.append(template("exit_context", context=f"cc-queue-exit-{queue.name}"))
        for member in queue.members:
            parts.append(
                template(
                    "member",
                    interface=member.interface,
                    penalty=member.penalty,
                    member_name=member.member_name,
                )
            )
    return "".join(parts)
