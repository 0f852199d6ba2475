"""One AMI connection per node across several bridge processes: a lease per node in Redis
(``callcenter.live.lease.node``), and the fencing of the holder's writes (``callcenter.live.lease.fence``)."""

from callcenter.live.lease.fence import (
    Fence,
    Fenced,
    FencedLayer,
    FencedPubSubLayer,
    FencedStore,
    fenced_layer,
)
from callcenter.live.lease.node import NodeLease

__all__ = ["Fence", "Fenced", "FencedLayer", "FencedPubSubLayer", "FencedStore", "NodeLease", "fenced_layer"]
