"""The Asterisk Manager Interface: framing, the asyncio client, and the action interface everything uses."""
