"""The error a snapshot raises when it holds values that must never reach an Asterisk file."""

from __future__ import annotations


class ConfigInvalid(Exception):
    """The snapshot holds values that must never reach an Asterisk file; ``errors`` lists each one."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(errors[:20]) + (f" (and {len(errors) - 20} more)" if len(errors) > 20 else "")
        )
