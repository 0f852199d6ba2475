"""Everything one node's configuration is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field

from callcenter.pbx.defaults import DEFAULT_CONFIG_DIR, DEFAULT_RECORDINGS_DIR
from callcenter.pbx.snapshot.conf.agents import AgentConf, PauseReasonConf, SupervisorConf
from callcenter.pbx.snapshot.conf.audio import MohClassConf, PromptConf
from callcenter.pbx.snapshot.conf.queues import QueueConf
from callcenter.pbx.snapshot.conf.routing import IVRConf, RouteConf, ScheduleConf
from callcenter.pbx.snapshot.conf.trunks import TrunkConf


@dataclass
class CenterConf:
    """Everything one node's configuration is rendered from."""

    server_name: str = ""
    config_dir: str = DEFAULT_CONFIG_DIR
    recordings_dir: str = DEFAULT_RECORDINGS_DIR
    sip_port: int = 5060
    queues: list[QueueConf] = field(default_factory=list)
    agents: list[AgentConf] = field(default_factory=list)
    supervisors: list[SupervisorConf] = field(default_factory=list)
    pause_reasons: list[PauseReasonConf] = field(default_factory=list)
    trunks: list[TrunkConf] = field(default_factory=list)
    schedules: list[ScheduleConf] = field(default_factory=list)
    menus: list[IVRConf] = field(default_factory=list)
    routes: list[RouteConf] = field(default_factory=list)
    prompts: list[PromptConf] = field(default_factory=list)
    moh_classes: list[MohClassConf] = field(default_factory=list)
