"""The AMI actions the wallboard sent, read as the tests compare them."""

from __future__ import annotations

from callcenter.ami.protocol import Message


def dial_target(originate: Message) -> tuple[str | None, ...]:
    """Where an Originate rings first (``Channel``) and the dialplan it then runs (context, exten, priority)."""
    return tuple(originate.get(header) for header in ("Channel", "Context", "Exten", "Priority"))


def added_member(queue_add: Message) -> tuple[str | None, ...]:
    """What a QueueAdd adds: to which queue, the interface, its member name and its state interface."""
    return tuple(queue_add.get(header) for header in ("Queue", "Interface", "MemberName", "StateInterface"))
