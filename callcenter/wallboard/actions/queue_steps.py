"""The AMI steps that put a dynamic member in a queue on a given node, and take it out (QueueAdd, QueueRemove).

Both return Asterisk's ``Message``; a refusal raises ``AMIActionError`` and a lost node ``AMIError`` or
``OSError``, which each caller words and audits its own way (the wallboard's log-in and log-out, and an
agent following their phone to a surviving node).
"""

from __future__ import annotations

from callcenter.ami.sync import call_action
from callcenter.pbx.channels import state_interface
from callcenter.pbx.models import AsteriskServer


def queue_add(
    node: AsteriskServer,
    queue: str,
    interface: str,
    member_name: str,
    *,
    penalty: int,
    timeout: float,
    paused: bool = False,
    reason: str = "",
) -> str:
    """Log the member in to ``queue`` on ``node``, with the phone's device as the state interface; a member
    logged in paused carries its pause reason."""
    headers = {
        "Queue": queue,
        "Interface": interface,
        "MemberName": member_name,
        "Penalty": str(penalty),
        "Paused": "true" if paused else "false",
        "StateInterface": state_interface(interface),
    }
    if paused and reason:
        headers["Reason"] = reason
    return call_action(node, "QueueAdd", headers, timeout=timeout).get("Message") or ""


def queue_remove(node: AsteriskServer, queue: str, interface: str, *, timeout: float) -> str:
    """Log the member out of ``queue`` on ``node``."""
    headers = {"Queue": queue, "Interface": interface}
    return call_action(node, "QueueRemove", headers, timeout=timeout).get("Message") or ""
