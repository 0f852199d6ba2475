"""Readers for the two Asterisk files the simulator needs: queues.conf and manager.conf."""

from callcenter.simulator.config.conf_file import ConfigError, Section, parse_conf
from callcenter.simulator.config.manager import ManagerUser, load_manager_users, parse_manager_conf
from callcenter.simulator.config.queues import (
    STRATEGIES,
    MemberConfig,
    QueueConfig,
    load_queues,
    parse_empty_options,
    parse_queues_conf,
)

__all__ = [
    "STRATEGIES",
    "ConfigError",
    "ManagerUser",
    "MemberConfig",
    "QueueConfig",
    "Section",
    "load_manager_users",
    "load_queues",
    "parse_conf",
    "parse_empty_options",
    "parse_manager_conf",
    "parse_queues_conf",
]
