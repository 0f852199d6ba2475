"""The channel block every channel event carries: always the same 14 headers, optionally prefixed."""

from __future__ import annotations

from callcenter.simulator.channels.channel import Channel
from callcenter.simulator.channels.states import STATE_DESC

Headers = list[tuple[str, str]]


def snapshot(channel: Channel, prefix: str = "") -> Headers:
    """The standard channel block, optionally prefixed."""
    return [
        (f"{prefix}Channel", channel.name),
        (f"{prefix}ChannelState", str(channel.state)),
        (f"{prefix}ChannelStateDesc", STATE_DESC.get(channel.state, "Unknown")),
        (f"{prefix}CallerIDNum", channel.cid_num),
        (f"{prefix}CallerIDName", channel.cid_name),
        (f"{prefix}ConnectedLineNum", channel.conn_num),
        (f"{prefix}ConnectedLineName", channel.conn_name),
        (f"{prefix}Language", "en"),
        (f"{prefix}AccountCode", ""),
        (f"{prefix}Context", channel.context),
        (f"{prefix}Exten", channel.exten),
        (f"{prefix}Priority", str(channel.priority)),
        (f"{prefix}Uniqueid", channel.uniqueid),
        (f"{prefix}Linkedid", channel.linkedid),
    ]
