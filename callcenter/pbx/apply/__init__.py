"""Applying the rendered configuration to a node safely, and rolling back to a kept version.

The one place that writes configuration applies (and the phone accounts a render needs). A node's
``config_dir`` holds::

    versions/0001/ ... versions/0012/    complete rendered directories (configuration, and the uploaded
                                        prompts and music on hold under sounds/ and moh/), the last N
                                        kept for rollback; unchanged audio is hard-linked between them
    live -> versions/0012               the symlink Asterisk's files include; swapped atomically
    .lock                               serialises applies on this node

An apply renders into a new version directory, diffs it against ``live``, checks it (syntax and
references), swaps ``live`` with one rename, reloads only the modules whose files changed, and checks
that QueueStatus shows every queue with the strategy the files say (and, when music on hold was
reloaded, that the node lists every class with its files). On any failure after the swap the
previous version goes back live and is reloaded; before the swap nothing live was touched. Every attempt
is stored as a ConfigApply row and audited.
"""

from callcenter.pbx.apply.diffs import (
    MODULE_ORDER,
    diff_trees,
    diff_versions,
    expected_moh_files,
    expected_strategies,
    mask_secrets,
    modules_to_reload,
    read_tree,
)
from callcenter.pbx.apply.listeners import ReloadListener, add_reload_listener, tell_reloaded
from callcenter.pbx.apply.phones import ensure_phone_accounts
from callcenter.pbx.apply.reloaders import (
    ActionRefused,
    AMIReloader,
    MohReader,
    Reloader,
    ReloadFailed,
    parse_moh_files,
)
from callcenter.pbx.apply.render_dir import render_to_directory
from callcenter.pbx.apply.rollback import rollback_configuration
from callcenter.pbx.apply.run import apply_configuration
from callcenter.pbx.apply.verify import actor_name, record_apply, reload_and_verify
from callcenter.pbx.apply.versions import LIVE_LINK, VERSIONS_DIR, NodeDirectory, keep_versions

__all__ = [
    "LIVE_LINK",
    "MODULE_ORDER",
    "VERSIONS_DIR",
    "AMIReloader",
    "ActionRefused",
    "MohReader",
    "NodeDirectory",
    "ReloadFailed",
    "ReloadListener",
    "Reloader",
    "actor_name",
    "add_reload_listener",
    "apply_configuration",
    "diff_trees",
    "diff_versions",
    "ensure_phone_accounts",
    "expected_moh_files",
    "expected_strategies",
    "keep_versions",
    "mask_secrets",
    "modules_to_reload",
    "parse_moh_files",
    "read_tree",
    "record_apply",
    "reload_and_verify",
    "render_to_directory",
    "rollback_configuration",
    "tell_reloaded",
]
