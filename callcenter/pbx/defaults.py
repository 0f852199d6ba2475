"""Where a node keeps its rendered configuration and its recordings unless its server row says otherwise."""

DEFAULT_CONFIG_DIR = "/etc/asterisk/callcenter"
DEFAULT_RECORDINGS_DIR = "/var/spool/asterisk/monitor/callcenter"
