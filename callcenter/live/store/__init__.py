"""Where the bridge keeps the live state so that a new wallboard or the dialer can read it at once.

With Redis (``settings.REDIS_URL``) each Asterisk node has a few keys, updated per delta in one
MULTI/EXEC transaction, so a reader never sees half a change::

    cc:live:servers                 set of server names
    cc:live:<server>:meta           hash: version, server, generated_at, day, channels (JSON)
    cc:live:<server>:calls          hash: callid -> call JSON (active calls)
    cc:live:<server>:agents         hash: interface -> agent JSON
    cc:live:<server>:queues         hash: queue name -> queue JSON
    cc:live:<server>:endpoints      hash: PJSIP endpoint name -> endpoint JSON (trunks and phones)
    cc:live:<server>:recent         list: finished calls, newest first (bounded)
    cc:live:<server>:marker         string: a new random token with every full snapshot
    cc:live:<server>:heartbeat      string: time of the bridge's last beat; expires (PX) after the TTL

A node is *connected* while its heartbeat key exists: the bridge refreshes it every second or so while
its AMI link is logged in and deletes it when the link drops, and it expires by itself when the bridge
dies or hangs. The marker lets the bridge notice a Redis that lost its data (restart, FLUSHDB, failover):
a deleted or different marker means the full snapshot must be written again.

Without Redis (the embedded demo: one process) the same data lives in process memory, heartbeat expiry
included. ``read_snapshot(server)`` returns the shape of ``LiveState.snapshot()``; ``read_all()`` merges
every node.
"""

from callcenter.live.store.common import PREFIX, RECENT_LIMIT, Publishes, StoreCheck, new_marker
from callcenter.live.store.memory import MemoryStore
from callcenter.live.store.read import Store, get_store, is_connected, read_all, read_snapshot
from callcenter.live.store.redis_store import RedisStore

__all__ = [
    "PREFIX",
    "RECENT_LIMIT",
    "MemoryStore",
    "Publishes",
    "RedisStore",
    "Store",
    "StoreCheck",
    "get_store",
    "is_connected",
    "new_marker",
    "read_all",
    "read_snapshot",
]
