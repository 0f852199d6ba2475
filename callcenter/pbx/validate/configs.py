"""The checks of queues.conf, pjsip.conf and musiconhold.conf: known options, required ones, named objects."""

from __future__ import annotations

from pathlib import Path

from callcenter.pbx.audio import wav_duration_ms
from callcenter.pbx.validate.dialplan import Dialplan
from callcenter.pbx.validate.parse import Report, Section

QUEUE_OPTIONS = frozenset(
    {
        "strategy", "timeout", "retry", "wrapuptime", "maxlen", "weight", "servicelevel", "joinempty",
        "leavewhenempty", "ringinuse", "announce-position", "announce-holdtime", "announce-frequency",
        "announce-round-seconds",
        "periodic-announce", "periodic-announce-frequency", "musicclass", "context", "setinterfacevar",
        "setqueueentryvar", "setqueuevar", "member",
    }
)  # fmt: skip

QUEUE_GENERAL_OPTIONS = frozenset(
    {"persistentmembers", "autofill", "shared_lastcall", "log_membername_as_agent", "monitor-type"}
)

QUEUE_STRATEGIES = frozenset(
    {"ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "rrordered", "linear", "wrandom"}
)

PJSIP_OPTIONS: dict[str, frozenset[str]] = {
    "transport": frozenset({"type", "protocol", "bind", "cert_file", "priv_key_file"}),
    "endpoint": frozenset(
        {
            "type", "transport", "context", "disallow", "allow", "auth", "aors", "callerid", "language",
            "direct_media", "rtp_symmetric", "force_rport", "rewrite_contact", "outbound_auth", "from_user",
        }
    ),
    "auth": frozenset({"type", "auth_type", "username", "password"}),
    "aor": frozenset({"type", "max_contacts", "remove_existing", "qualify_frequency", "contact"}),
    "identify": frozenset({"type", "endpoint", "match"}),
    "registration": frozenset(
        {"type", "transport", "outbound_auth", "server_uri", "client_uri", "retry_interval"}
    ),
}  # fmt: skip

MOH_OPTIONS = frozenset({"mode", "directory", "sort"})

MOH_SORTS = frozenset({"alpha", "random", "randstart"})

# The node's own class (the Asterisk image's musiconhold.conf), which the rendered file never defines.
NODE_MOH_CLASSES = frozenset({"default"})


def check_musiconhold(
    sections: list[Section], report: Report, include_root: str | None, directory: Path
) -> set[str]:
    """Check musiconhold.conf (classes of mode=files in the checked directory); returns the class names."""
    classes: set[str] = set()
    prefix = include_root.rstrip("/") + "/" if include_root else None
    for section in sections:
        where = f"{section.file}:{section.number}"
        if section.name.lower() in NODE_MOH_CLASSES | {"general"}:
            report.errors.append(f"{where}: [{section.name}] is the node's own; it must not be rendered")
            continue
        if section.name.lower() in {name.lower() for name in classes}:
            report.errors.append(f"{where}: music on hold class [{section.name}] defined twice")
            continue
        classes.add(section.name)
        for key, _value, line in section.options:
            if key not in MOH_OPTIONS:
                report.errors.append(f"{line.file}:{line.number}: unknown music on hold option {key!r}")
        if section.get("mode") != ["files"]:
            report.errors.append(f"{where}: class {section.name} needs exactly one mode = files")
        sorts = section.get("sort")
        if len(sorts) > 1 or any(sort not in MOH_SORTS for sort in sorts):
            report.errors.append(f"{where}: class {section.name} has an unknown sort")
        folders = section.get("directory")
        if len(folders) != 1:
            report.errors.append(f"{where}: class {section.name} needs exactly one directory")
            continue
        folder = folders[0]
        if prefix is not None and folder.startswith(prefix):
            local = directory / folder[len(prefix) :]
        elif prefix is None and not folder.startswith("/"):
            local = directory / folder
        else:
            report.errors.append(
                f"{where}: class {section.name} directory {folder!r} is not in the rendered directory"
            )
            continue
        if ".." in folder.split("/") or not local.is_dir():
            report.errors.append(f"{where}: class {section.name} directory {folder!r} does not exist")
            continue
        files = sorted(path for path in local.iterdir() if path.is_file())
        if not files:
            report.errors.append(f"{where}: class {section.name} directory {folder!r} has no files")
        for path in files:
            try:
                wav_duration_ms(path.read_bytes())
            except ValueError as exc:
                report.errors.append(f"{where}: class {section.name} file {path.name}: {exc}")
    return classes


def check_queues(sections: list[Section], report: Report) -> dict[str, Section]:
    queues: dict[str, Section] = {}
    # app_queue compares section names without regard to case: [General] is its settings too, and
    # [SUPPORT] after [support] is skipped as "already defined".
    seen: dict[str, str] = {}
    for section in sections:
        where = f"{section.file}:{section.number}"
        folded = section.name.lower()
        if folded == "general":
            for key, _value, line in section.options:
                if key not in QUEUE_GENERAL_OPTIONS:
                    report.errors.append(f"{line.file}:{line.number}: unknown [general] option {key!r}")
            continue
        if folded in seen:
            first = seen[folded]
            if first == section.name:
                report.errors.append(f"{where}: queue [{section.name}] defined twice")
            else:
                report.errors.append(
                    f"{where}: queue [{section.name}] is the same queue as [{first}] (names differ only in case)"
                )
        seen.setdefault(folded, section.name)
        queues[section.name] = section
        for key, value, line in section.options:
            if key not in QUEUE_OPTIONS:
                report.errors.append(f"{line.file}:{line.number}: unknown queue option {key!r}")
            elif key == "member":
                fields = value.split(",")
                if len(fields) != 3 or not fields[1].strip().isdigit() or not fields[2].strip():
                    report.errors.append(
                        f"{line.file}:{line.number}: member line is not interface,penalty,name"
                    )
        strategies = section.get("strategy")
        if len(strategies) != 1 or strategies[0] not in QUEUE_STRATEGIES:
            report.errors.append(f"{where}: queue {section.name} needs exactly one known strategy")
    return queues


def check_pjsip(sections: list[Section], report: Report, dialplan: Dialplan, external: set[str]) -> set[str]:
    """Check pjsip.conf; returns the endpoint names."""
    by_type: dict[str, dict[str, Section]] = {kind: {} for kind in PJSIP_OPTIONS}
    for section in sections:
        where = f"{section.file}:{section.number}"
        types = section.get("type")
        if len(types) != 1 or types[0] not in PJSIP_OPTIONS:
            report.errors.append(f"{where}: [{section.name}] needs exactly one known type")
            continue
        kind = types[0]
        if section.name in by_type[kind]:
            report.errors.append(f"{where}: {kind} [{section.name}] defined twice")
        by_type[kind][section.name] = section
        for key, _value, line in section.options:
            if key not in PJSIP_OPTIONS[kind]:
                report.errors.append(f"{line.file}:{line.number}: unknown {kind} option {key!r}")

    def require(section: Section, key: str, kind: str) -> None:
        for value in section.get(key):
            for name in value.split(","):
                if name.strip() not in by_type[kind]:
                    report.errors.append(
                        f"pjsip.conf: [{section.name}] {key} names {kind} {name!r}, not defined"
                    )

    for section in by_type["endpoint"].values():
        require(section, "aors", "aor")
        require(section, "auth", "auth")
        require(section, "outbound_auth", "auth")
        require(section, "transport", "transport")
        for context in section.get("context"):
            if context not in dialplan.contexts:
                message = f"pjsip.conf: endpoint [{section.name}] context {context!r} does not exist"
                (report.warnings if context in external else report.errors).append(message)
    for section in by_type["registration"].values():
        require(section, "outbound_auth", "auth")
        require(section, "transport", "transport")
    for section in by_type["identify"].values():
        require(section, "endpoint", "endpoint")
    return set(by_type["endpoint"])
