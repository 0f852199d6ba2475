"""Reading one connection: bytes from the socket, framed into messages until the peer goes away."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from callcenter.ami.errors import AMIConnectionLost, AMIError
from callcenter.ami.protocol import FrameParser, Message

logger = logging.getLogger(__name__)


async def read_until_lost(
    server: str,
    reader: asyncio.StreamReader,
    parser: FrameParser,
    received: Callable[[list[Message]], None],
) -> Exception | None:
    """Feed every read to ``parser`` and hand its messages to ``received`` (called once per read, maybe
    with none); return why reading stopped: the peer closed, or a socket or framing error."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                return AMIConnectionLost(f"{server}: connection closed by peer")
            received(parser.feed(data))
    except (OSError, AMIError) as exc:
        logger.warning("event=ami_read_error server=%s error=%r", server, str(exc))
        return exc
