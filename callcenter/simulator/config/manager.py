"""manager.conf: the AMI accounts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callcenter.simulator.config.conf_file import parse_conf


@dataclass
class ManagerUser:
    """One AMI account from manager.conf."""

    username: str
    secret: str


def parse_manager_conf(text: str, *, filename: str = "manager.conf") -> list[ManagerUser]:
    """AMI users (every section but ``[general]`` that has a secret)."""
    users = []
    for section in parse_conf(text, filename=filename):
        if section.name.lower() == "general":
            continue
        secret = section.get("secret")
        if secret is not None:
            users.append(ManagerUser(username=section.name, secret=secret))
    return users


def load_manager_users(config_dir: Path) -> list[ManagerUser]:
    path = config_dir / "manager.conf"
    if not path.exists():
        return []
    return parse_manager_conf(path.read_text(encoding="utf-8"), filename=str(path))
