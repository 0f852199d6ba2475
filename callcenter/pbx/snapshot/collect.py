"""Reading one node's configuration (or the whole center's) from the database into a snapshot."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from callcenter.accounts.models import Role, User
from callcenter.pbx.defaults import DEFAULT_CONFIG_DIR, DEFAULT_RECORDINGS_DIR
from callcenter.pbx.models import (
    InboundRoute,
    IVRMenu,
    MusicOnHoldClass,
    MusicOnHoldFile,
    PhoneAccount,
    Prompt,
    Queue,
    Schedule,
    Trunk,
)
from callcenter.pbx.snapshot.conf import (
    AudioConf,
    CenterConf,
    IVRConf,
    MohClassConf,
    MohFileConf,
    OptionConf,
    PromptConf,
    QueueConf,
    RouteConf,
    ScheduleConf,
    SupervisorConf,
    TrunkConf,
)
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
        conf = QueueConf(
            name=row.name,
            strategy=row.strategy,
            timeout=row.timeout,
            retry=row.retry,
            wrapuptime=row.wrapuptime,
            maxlen=row.maxlen,
            max_wait=row.max_wait,
            service_level=row.service_level,
            weight=row.weight,
            joinempty=row.joinempty,
            leavewhenempty=row.leavewhenempty,
            ringinuse=row.ringinuse,
            announce_position=row.announce_position,
            announce_holdtime=row.announce_holdtime,
            announce_frequency=row.announce_frequency,
            announce_round_seconds=row.announce_round_seconds,
            periodic_announce=row.periodic_announce,
            periodic_announce_frequency=row.periodic_announce_frequency,
            music_class=row.music_class,
            exit_context=row.exit_context,
            recording=row.recording,
            survey_enabled=row.survey_enabled,
            callback_enabled=row.callback_enabled,
        )
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
        center.trunks.append(
            TrunkConf(
                name=trunk.name,
                host=trunk.host,
                port=trunk.port,
                transport=trunk.transport,
                username=trunk.username,
                secret=trunk.secret,
                from_user=trunk.from_user,
                codecs=trunk.codecs,
                max_channels=trunk.max_channels,
                outbound_prefix=trunk.outbound_prefix,
                caller_id=trunk.caller_id,
            )
        )
    for schedule in Schedule.objects.prefetch_related("rules", "holidays").order_by("name"):
        center.schedules.append(
            ScheduleConf(
                name=schedule.name,
                time_zone=schedule.time_zone,
                rules=[(rule.weekday, rule.opens, rule.closes) for rule in schedule.rules.all()],
                holidays=[holiday.date for holiday in schedule.holidays.all()],
            )
        )
    queue_names = {row.pk: row.name for row in Queue.objects.all()}
    menu_rows = list(IVRMenu.objects.prefetch_related("options").order_by("name"))
    menu_names = {menu.pk: menu.name for menu in menu_rows}
    for menu in menu_rows:
        center.menus.append(
            IVRConf(
                name=menu.name,
                greeting=menu.greeting,
                invalid_prompt=menu.invalid_prompt,
                timeout_s=menu.timeout_s,
                max_retries=menu.max_retries,
                timeout_queue=queue_names.get(menu.timeout_queue_id or 0, ""),
                options=[
                    OptionConf(
                        digit=option.digit,
                        destination=option.destination,
                        queue=queue_names.get(option.queue_id or 0, ""),
                        ivr=menu_names.get(option.ivr_id or 0, ""),
                        extension=option.extension,
                    )
                    for option in sorted(menu.options.all(), key=lambda option: option.digit)
                ],
            )
        )
    schedule_names = dict(Schedule.objects.values_list("pk", "name"))
    for route in InboundRoute.objects.filter(on_server).order_by("did"):
        center.routes.append(
            RouteConf(
                did=route.did,
                name=route.name,
                destination=route.destination,
                queue=queue_names.get(route.queue_id or 0, ""),
                ivr=menu_names.get(route.ivr_id or 0, ""),
                extension=route.extension,
                schedule=schedule_names.get(route.schedule_id or 0, ""),
                closed_prompt=route.closed_prompt,
            )
        )
    collect_audio(center)
    return center


def collect_audio(center: CenterConf) -> None:
    """The uploaded prompts and music on hold classes (shared by every node), without their bytes."""
    for pk, name, sha256 in Prompt.objects.order_by("name").values_list("pk", "name", "sha256"):
        center.prompts.append(PromptConf(name, AudioConf(sha256, row=("pbx.Prompt", pk))))
    by_class: dict[int, MohClassConf] = {}
    for pk, name, sort in MusicOnHoldClass.objects.order_by("name").values_list("pk", "name", "sort"):
        by_class[pk] = MohClassConf(name, sort)
        center.moh_classes.append(by_class[pk])
    files = MusicOnHoldFile.objects.order_by("moh_class_id", "name").values_list(
        "pk", "moh_class_id", "name", "sha256"
    )
    for pk, class_id, name, sha256 in files:
        by_class[class_id].files.append(MohFileConf(name, AudioConf(sha256, row=("pbx.MusicOnHoldFile", pk))))
