"""Applying one configuration to every node of a group: all of them move to the new version, or none does.

A group's nodes render the same queues, routes and trunks (``snapshot.collect`` reads what any node of the
group is given); only the per-node values differ: the node's name (``CC_NODE``), its SIP port, recordings
directory and configuration directory. The apply runs in two phases, with every node's ``.lock`` held
(taken in name order, so two group applies never wait on each other in a circle):

1. prepare: on every node render, diff, write the new version and check it. If any node refuses, every
   new version is removed and nothing live was touched on any node.
2. switch: node by node, swap ``live`` and reload what changed, verified as a single apply is. If a node
   fails, that node and every node already switched go back to their previous version and reload it.

The group apply is stored as one ``GroupApply`` (audited as ``pbx_group_apply`` with each node's result)
and one ``ConfigApply`` per node naming it (audited as ``pbx_apply`` like a single node's apply).
"""

from callcenter.pbx.group_apply.plans import NodePlan
from callcenter.pbx.group_apply.run import apply_group

__all__ = [
    "NodePlan",
    "apply_group",
]
