"""The order in which try_calling lists a queue's members, which breaks ties between equal metrics."""

from __future__ import annotations

from collections.abc import Sequence

# app_queue keeps a queue's members in a hash container of this many buckets, except for the strategies
# that depend on the order of the members (linear, rrordered), which get a plain list.
MEMBER_BUCKETS = 37


def _compress_char(char: str) -> int:
    code = ord(char) & 0x7F
    if code < 32:
        return 0
    return code - 64 if code > 96 else code - 32


def member_hash(interface: str) -> int:
    """app_queue's member_hash_fn: the first five characters from the interface's ``/`` on."""
    slash = interface.find("/")
    name = interface[slash:] if slash >= 0 else interface
    return sum(_compress_char(char) << (index * 6) for index, char in enumerate(name[:5]))


def attempt_order(strategy: str, interfaces: Sequence[str]) -> dict[str, int]:
    """Each member's place in the list try_calling builds (``interfaces`` in the order they were added).

    try_calling walks the member container and puts each member at the head of its list, so the list is
    the container's order reversed; find_best takes the first of equal metrics in that list. A hash
    container is walked bucket by bucket (``member_hash % 37``), members of one bucket in the order they
    were added; a list container (linear, rrordered) in the order they were added.
    """
    if strategy in ("linear", "rrordered"):
        walk = list(interfaces)
    else:
        indexed = sorted(
            enumerate(interfaces), key=lambda item: (member_hash(item[1]) % MEMBER_BUCKETS, item[0])
        )
        walk = [interface for _, interface in indexed]
    return {interface: len(walk) - 1 - index for index, interface in enumerate(walk)}
