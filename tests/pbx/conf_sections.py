"""Reading a rendered Asterisk file the way a test checks it: one section's lines."""

from __future__ import annotations

import re


def section(text: str, name: str) -> str:
    """The lines of one [name] section (first occurrence), up to the next section."""
    match = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no section [{name}]"
    return match.group(1).strip()
