"""The AsteriskServer change form as the admin posts it back for the factory node "node1"."""

from __future__ import annotations


def server_change_form(**changes: str) -> dict[str, str]:
    """Every field of the form, holding AsteriskServerFactory(name="node1")'s values, with ``changes``."""
    return {
        "name": "node1",
        "ami_host": "127.0.0.1",
        "ami_port": "5038",
        "ami_username": "ccadmin",
        "ami_secret": "ccadmin-dummy-secret",
        "ami_secret_env": "",
        "queue_log_path": "/var/log/asterisk/queue_log",
        "config_dir": "/etc/asterisk/callcenter",
        "recordings_dir": "/srv/recordings",
        "sip_port": "5060",
        "enabled": "on",
        **changes,
    }
