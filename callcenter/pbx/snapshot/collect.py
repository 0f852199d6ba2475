"""Reading one node's configuration (or the whole center's) from the database into a snapshot."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from callcenter.accounts.models import Role, User
from callcenter.pbx.defaults import DEFAULT_CONFIG_DIR, DEFAULT_RECORDINGS_DIR
from callcenter.pbx.models import PhoneAccount, Queue, Trunk
from callcenter.pbx.snapshot.collect_audio import collect_audio
from callcenter.pbx.snapshot.collect_routing import collect_routing
from callcenter.pbx.snapshot.conf.agents import SupervisorConf
from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.conf.queues import QueueConf
from callcenter.pbx.snapshot.conf.trunks import TrunkConf
from callcenter.pbx.snapshot.rows import from_row
from callcenter.pbx.snapshot.sources import collectors


def collect(server: Any = None) -> CenterConf:
    """Read one node's configuration (or the whole center's when server is None) from the database."""
    on_server = Q(server__isnull=True) | Q(server=server) if server is not None else Q()
    if server is not None and getattr(server, "group_id", None) is not None:
        # Every node of a group serves what any of its nodes is given: one configuration for all of them.
        on_server = Q(server__isnull=True) | Q(server__group_id=server.group_id)
    center = CenterConf(
        server_name=server.name if server is not None else "",
        config_dir=server.config_dir if server is not None else DEFAULT_CONFIG_DIR,
        recordings_dir=server.recordings_dir if server is not None else DEFAULT_RECORDINGS_DIR,
        sip_port=server.sip_port if server is not None else 5060,
    )
    secrets = dict(PhoneAccount.objects.values_list("extension", "secret"))
    queue_rows = list(Queue.objects.filter(on_server).order_by("name"))
    by_queue: dict[int, QueueConf] = {}
    for row in queue_rows:
        conf = from_row(QueueConf, row)
        by_queue[row.pk] = conf
        center.queues.append(conf)

    # The agents, their static queue memberships and the pause reasons are the agents app's (above this one).
    for collector in collectors():
        collector(center, by_queue, secrets)

    supervisors = User.objects.filter(is_active=True, role=Role.SUPERVISOR).exclude(phone_extension="")
    for username, extension in supervisors.order_by("phone_extension").values_list(
        "username", "phone_extension"
    ):
        center.supervisors.append(SupervisorConf(username, extension, secrets.get(extension, "")))
    for trunk in Trunk.objects.filter(on_server, enabled=True).order_by("name"):
        center.trunks.append(from_row(TrunkConf, trunk))
    collect_routing(center, on_server)
    collect_audio(center)
    return center
