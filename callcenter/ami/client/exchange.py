"""One action on the wire: write it, wait for its answer within the timeout, map failures to AMI errors."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from callcenter.ami.client.correlation import PendingActions
from callcenter.ami.client.pending import Result
from callcenter.ami.errors import AMIConnectionLost, AMITimeout
from callcenter.ami.protocol import encode_action


async def exchange(
    server: str,
    writer: asyncio.StreamWriter,
    pending: PendingActions,
    name: str,
    headers: Mapping[str, str] | None,
    *,
    timeout: float,
    is_list: bool,
    action_id: str | None,
) -> Result:
    """Send the action and return its response (and list events). ``AMITimeout`` when no answer comes
    in time, ``AMIConnectionLost`` when the socket fails; either way the pending entry is forgotten, so a
    late answer is dropped."""
    action_id, future = pending.open(name, is_list, action_id)
    try:
        writer.write(encode_action(name, headers or {}, action_id))
        async with asyncio.timeout(timeout):
            await writer.drain()
            return await future
    except TimeoutError:
        raise AMITimeout(f"{server}: no response to {name} ({action_id}) in time") from None
    except (ConnectionError, OSError) as exc:
        raise AMIConnectionLost(f"{server}: {name} ({action_id}) failed: {exc}") from exc
    finally:
        pending.forget(action_id)
