"""Frames built once per viewer scope and shared by every board of that scope in a web process.

Viewers with the same scope (``board.scope_key``: every admin, every manager, supervisors of the same
teams) see the same board, so one ``ScopeFeed`` per scope does the work that used to be done per board:
it follows the hub's messages, keeps the pending change of each agent, queue, call and endpoint, builds
each frame's per-viewer items (``board.view``) and its JSON text once, and hands the same ``Frame`` to
each of its boards. A viewer never gets an item their scope does not show: the feed filters with its
own scope, and a removal goes out only for a key the scope has shown.

Rates, as before per board: each item at most once per ``item_interval`` (latest state wins), at most
one frame per ``frame_interval``; more than ``max_pending`` distinct changes pending at once, and every
board of the feed gets a fresh snapshot instead.

Opening a board is cheap: the feed keeps the snapshot text of its last store read and the frames sent
lately; a board that opens within ``SNAPSHOT_REUSE_S`` of that snapshot gets that text and then the
frames with changes newer than its read, merged (``merge_frames``), instead of a read of its own.
"""

from callcenter.wallboard.feed.frames import Board, Frame, Timing, dumps, merge_frames
from callcenter.wallboard.feed.joining import join, leave
from callcenter.wallboard.feed.scope_feed import SNAPSHOT_REUSE_S, ScopeFeed

__all__ = [
    "SNAPSHOT_REUSE_S",
    "Board",
    "Frame",
    "ScopeFeed",
    "Timing",
    "dumps",
    "join",
    "leave",
    "merge_frames",
]
