"""The configuration files the simulator reads, as a test writes them: queues.conf and manager.conf."""

from __future__ import annotations

from pathlib import Path

SIMULATOR_SECRET = "sim-secret"
IVAN = "Local/1001@agents/n,0,Agent 1001"
ANNA = "Local/1002@agents/n,0,Agent 1002"


def queue_section(name: str, *members: str, **options: str | int) -> str:
    """One ``[name]`` section: ``options`` in the order given, then a ``member =>`` line per member."""
    lines = [f"[{name}]", *(f"{key} = {value}" for key, value in options.items())]
    return "\n".join([*lines, *(f"member => {member}" for member in members)]) + "\n"


def write_queues(conf_dir: Path, *sections: str) -> None:
    """queues.conf with the static members kept out of astdb (``persistentmembers = no``) and ``sections``."""
    general = "[general]\npersistentmembers = no\nautofill = yes\n"
    (conf_dir / "queues.conf").write_text("\n".join([general, *sections]))


def write_manager(conf_dir: Path, secret: str = SIMULATOR_SECRET) -> None:
    """manager.conf with AMI on and the ``ccadmin`` user."""
    (conf_dir / "manager.conf").write_text(f"[general]\nenabled = yes\n\n[ccadmin]\nsecret = {secret}\n")


def write_conf(conf_dir: Path, *sections: str) -> Path:
    """manager.conf and queues.conf (with ``sections``) in ``conf_dir``, for a simulator to start from."""
    write_manager(conf_dir)
    write_queues(conf_dir, *sections)
    return conf_dir
