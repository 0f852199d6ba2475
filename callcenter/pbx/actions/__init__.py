"""The one place that writes PBX configuration: validates, saves and audits; applies it to Asterisk.

Applying the configuration to one node, putting a kept version back live and applying to every node of a
group (all or nothing) each record their ConfigApply (and GroupApply) rows and audit themselves."""

from callcenter.pbx.actions.bootstrap import bootstrap_configuration
from callcenter.pbx.actions.objects import delete, save, save_audio
from callcenter.pbx.apply import apply_configuration, rollback_configuration
from callcenter.pbx.group_apply import apply_group as apply_group_configuration

__all__ = [
    "apply_configuration",
    "apply_group_configuration",
    "bootstrap_configuration",
    "delete",
    "rollback_configuration",
    "save",
    "save_audio",
]
