"""Building a snapshot dataclass from a database row whose columns carry the dataclass's field names."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

_ConfT = TypeVar("_ConfT")


def from_row(conf_class: type[_ConfT], row: object, **values: Any) -> _ConfT:
    """``conf_class`` with each field read from the row's attribute of the same name, unless given in
    ``values``; a field filled later (a list with a default factory) starts empty unless given."""
    taken = {
        spec.name: getattr(row, spec.name)
        for spec in fields(conf_class)  # type: ignore[arg-type]
        if spec.name not in values and spec.default_factory is MISSING
    }
    return conf_class(**taken, **values)
