"""A strict structural checker for rendered (and hand-written) Asterisk configuration.

It reads a configuration directory the way Asterisk would (sections, options, ``#include``), then checks:

- syntax: every line is a section header, an option, a directive or a comment; no control characters;
  application arguments have balanced parentheses, ``${...}`` and ``$[...]``;
- queues.conf and pjsip.conf: known options only, required ones present, objects referenced by name exist;
- the dialplan: priorities start at 1 and follow on, labels are unique, applications are known, and every
  Goto / GotoIf / GotoIfTime / Gosub / include / Queue() / endpoint context / queue exit context that is
  written literally resolves to something that exists (jumps whose target is computed at run time are
  checked at run time by the dialplan itself, with DIALPLAN_EXISTS);
- musiconhold.conf: mode=files classes whose directory lies in the checked directory and holds at least
  one WAV file Asterisk can play; every queue's ``musicclass`` is the node's own ``default`` or one of them;
- prompts: every prompt played by absolute path inside the checked directory (an uploaded one) exists
  there; optionally, every other literal prompt exists in a sounds directory.

Errors make an apply refuse; warnings (a context expected outside the rendered files, for instance)
are recorded but do not.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_SECTION_RE = re.compile(r"^\[([^\[\]]+)\](\([^()]*\))?$")
_OPTION_RE = re.compile(r"^([A-Za-z0-9_-]+)\s*(=>|=)\s*(.*)$")
_EXTEN_RE = re.compile(r"^([^,]+),(\d+|n)(?:\(([A-Za-z0-9_-]+)\))?,([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$")
_SAME_RE = re.compile(r"^(n|\d+)(?:\(([A-Za-z0-9_-]+)\))?,([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INCLUDE_RE = re.compile(r'^#include\s+"?([^"]+)"?$')
_TRYINCLUDE_RE = re.compile(r'^#tryinclude\s+"?([^"]+)"?$')

KNOWN_APPS = frozenset(
    {
        "AddQueueMember", "AMD", "Answer", "Background", "ChanSpy", "Dial", "ExecIf", "Gosub", "Goto",
        "GotoIf", "GotoIfTime", "Hangup", "MixMonitor", "NoOp", "Originate", "PauseQueueMember", "Playback",
        "Queue", "QueueLog", "Read", "RemoveQueueMember", "Return", "Set", "UnpauseQueueMember", "UserEvent",
        "Wait", "WaitExten", "Busy", "Congestion", "Ringing",
    }
)  # fmt: skip
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
PROMPT_APPS = frozenset({"Playback", "Background"})
MOH_OPTIONS = frozenset({"mode", "directory", "sort"})
MOH_SORTS = frozenset({"alpha", "random", "randstart"})
# The node's own class (the Asterisk image's musiconhold.conf), which the rendered file never defines.
NODE_MOH_CLASSES = frozenset({"default"})
_VARIABLE = "${"


@dataclass(slots=True)
class Line:
    """One meaningful line of a config file."""

    file: str
    number: int
    text: str


@dataclass
class Section:
    """A [section] with its lines, in order."""

    name: str
    file: str
    number: int
    options: list[tuple[str, str, Line]] = field(default_factory=list)

    def get(self, key: str) -> list[str]:
        return [value for name, value, _line in self.options if name == key]


@dataclass
class Extension:
    """One extension of a context: its priorities' labels and the application calls."""

    name: str
    labels: set[str] = field(default_factory=set)
    last_priority: int = 0
    calls: list[tuple[str, str, Line]] = field(default_factory=list)


@dataclass
class Report:
    """What the check found."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _strip_comment(raw: str) -> str:
    # ";" starts a comment unless escaped; the rendered files never escape one.
    position = 0
    while True:
        index = raw.find(";", position)
        if index == -1:
            return raw.strip()
        if index > 0 and raw[index - 1] == "\\":
            position = index + 1
            continue
        return raw[:index].strip()


def parse_config(
    root: Path, relative: str, report: Report, include_map: tuple[str, Path] | None = None
) -> list[Section]:
    """The sections of a config file, following #include (absolute paths under include_map[0] map to [1])."""
    sections: list[Section] = []
    lines: list[Line] = []
    _read_lines(root, root / relative, relative, report, include_map, 0, lines)
    section_match = _SECTION_RE.match
    option_match = _OPTION_RE.match
    for line in lines:
        if line.text[0] == "[":
            header = section_match(line.text)
            if header:
                sections.append(Section(header.group(1), line.file, line.number))
                continue
        option = option_match(line.text)
        if option is None:
            report.errors.append(
                f"{line.file}:{line.number}: not a section, option or directive: {line.text!r}"
            )
            continue
        if not sections:
            report.errors.append(f"{line.file}:{line.number}: option outside any section")
            continue
        sections[-1].options.append((option.group(1), option.group(3).strip(), line))
    return sections


def _read_lines(
    root: Path,
    path: Path,
    label: str,
    report: Report,
    include_map: tuple[str, Path] | None,
    depth: int,
    into: list[Line],
) -> None:
    if depth > 5:
        report.errors.append(f"{label}: #include nested too deeply")
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(f"{label}: cannot read: {exc}")
        return
    has_control = _CONTROL_RE.search(text) is not None
    for number, raw in enumerate(text.split("\n"), start=1):
        if has_control and _CONTROL_RE.search(raw):
            report.errors.append(f"{label}:{number}: control character in line")
            continue
        stripped = _strip_comment(raw) if ";" in raw else raw.strip()
        if not stripped:
            continue
        if stripped[0] == "#":
            optional = _TRYINCLUDE_RE.match(stripped)
            if optional is not None:
                # A node-local file (e.g. NAT addresses) that the deployment may or may not provide:
                # Asterisk skips it when absent, so it is only followed when it lies inside the directory.
                found, target_label = _resolve_include(root, optional.group(1), include_map)
                if found is not None and found.exists():
                    _read_lines(root, found, target_label, report, include_map, depth + 1, into)
                continue
            include = _INCLUDE_RE.match(stripped)
            if include is None:
                report.errors.append(f"{label}:{number}: unknown directive {stripped!r}")
                continue
            resolved, target_label = _resolve_include(root, include.group(1), include_map)
            if resolved is None:
                report.errors.append(
                    f"{label}:{number}: #include {include.group(1)} is outside the checked directory"
                )
                continue
            _read_lines(root, resolved, target_label, report, include_map, depth + 1, into)
            continue
        into.append(Line(label, number, stripped))


def _resolve_include(
    root: Path, target: str, include_map: tuple[str, Path] | None
) -> tuple[Path | None, str]:
    if include_map is not None:
        prefix = include_map[0].rstrip("/") + "/"
        if target.startswith(prefix):
            relative = target[len(prefix) :]
            return include_map[1] / relative, relative
    if not target.startswith("/"):
        return root / target, target
    return None, target


def split_args(data: str) -> list[str]:
    """Split application arguments at top-level commas, as Asterisk does (parentheses and quotes nest)."""
    args: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    index = 0
    while index < len(data):
        char = data[index]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            args.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    args.append("".join(current))
    return args


def _balanced(data: str) -> bool:
    depth = 0
    for char in data:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and data.count('"') % 2 == 0


_PATTERN_CLASSES = {"X": "[0-9]", "Z": "[1-9]", "N": "[2-9]", ".": ".+", "!": ".*"}


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A regex matching what an Asterisk extension pattern (``_X.``, ``_*72X.``, ``_[1-5]``) matches."""
    parts: list[str] = []
    index = 1
    while index < len(pattern):
        char = pattern[index]
        upper = char.upper()
        if upper in _PATTERN_CLASSES and char != "!" and char != ".":
            parts.append(_PATTERN_CLASSES[upper])
        elif char in ".!":
            parts.append(_PATTERN_CLASSES[char])
        elif char == "[":
            end = pattern.index("]", index)
            parts.append("[" + re.escape(pattern[index + 1 : end]).replace("\\-", "-") + "]")
            index = end
        else:
            parts.append(re.escape(char))
        index += 1
    return re.compile("".join(parts))


class Dialplan:
    """Contexts, extensions and includes of a parsed extensions.conf tree."""

    def __init__(self) -> None:
        self.contexts: dict[str, dict[str, Extension]] = {}
        self.includes: dict[str, list[tuple[str, Line]]] = {}

    def find_extension(
        self, context: str, exten: str, seen: frozenset[str] = frozenset()
    ) -> Extension | None:
        extensions = self.contexts.get(context)
        if extensions is None or context in seen:
            return None
        found = extensions.get(exten)
        if found is not None:
            return found
        for name, extension in extensions.items():
            if name.startswith("_") and pattern_regex(name).fullmatch(exten):
                return extension
        for included, _line in self.includes.get(context, []):
            found = self.find_extension(included, exten, seen | {context})
            if found is not None:
                return found
        return None


def parse_dialplan(sections: list[Section], report: Report) -> Dialplan:
    dialplan = Dialplan()
    for section in sections:
        if section.name in ("general", "globals"):
            continue
        if section.name in dialplan.contexts:
            report.errors.append(f"{section.file}:{section.number}: context [{section.name}] defined twice")
            continue
        extensions: dict[str, Extension] = {}
        dialplan.contexts[section.name] = extensions
        dialplan.includes[section.name] = []
        current: Extension | None = None
        for key, value, line in section.options:
            where = f"{line.file}:{line.number}"
            if key == "include":
                dialplan.includes[section.name].append((value, line))
                continue
            if key == "exten":
                match = _EXTEN_RE.match(value)
                if match is None:
                    report.errors.append(f"{where}: malformed exten line")
                    current = None
                    continue
                name, priority, label, app, data = match.groups()
                current = extensions.get(name)
                if current is None:
                    current = Extension(name)
                    extensions[name] = current
                    if priority != "1":
                        report.errors.append(
                            f"{where}: extension {name} starts at priority {priority}, not 1"
                        )
            elif key == "same":
                if current is None:
                    report.errors.append(f"{where}: 'same =>' with no extension before it")
                    continue
                match = _SAME_RE.match(value)
                if match is None:
                    report.errors.append(f"{where}: malformed same line")
                    continue
                priority, label, app, data = match.groups()
            else:
                report.errors.append(f"{where}: unknown dialplan option {key!r}")
                continue
            number = current.last_priority + 1 if priority == "n" else int(priority)
            if number <= current.last_priority:
                report.errors.append(
                    f"{where}: priority {number} of {current.name} is not after the previous one"
                )
            current.last_priority = number
            if label:
                if label in current.labels:
                    report.errors.append(f"{where}: label {label} defined twice in {current.name}")
                current.labels.add(label)
            data = data or ""
            if app not in KNOWN_APPS:
                report.errors.append(f"{where}: unknown application {app}")
            if not _balanced(data):
                report.errors.append(f"{where}: unbalanced parentheses, brackets or quotes in {app}()")
            current.calls.append((app, data, line))
    return dialplan


def _check_jump(
    dialplan: Dialplan,
    report: Report,
    context: str,
    extension: Extension,
    target: str,
    line: Line,
    gosub: bool,
) -> None:
    """Check a Goto/Gosub target ``[[context,]exten,]priority`` written literally."""
    target = target.strip()
    if not target or _VARIABLE in target or "$[" in target:
        return
    if gosub:
        target = re.sub(r"\(.*\)$", "", target)
    parts = [part.strip() for part in target.split(",")]
    where = f"{line.file}:{line.number}"
    if len(parts) == 1:
        ctx, exten_name, priority = context, extension.name, parts[0]
    elif len(parts) == 2:
        ctx, exten_name, priority = context, parts[0], parts[1]
    elif len(parts) == 3:
        ctx, exten_name, priority = parts
    else:
        report.errors.append(f"{where}: jump target {target!r} has too many parts")
        return
    if ctx not in dialplan.contexts:
        report.errors.append(f"{where}: jump to context {ctx!r}, which does not exist")
        return
    found = dialplan.find_extension(ctx, exten_name)
    if found is None:
        report.errors.append(f"{where}: jump to {ctx},{exten_name}, which does not exist")
        return
    if priority.isdigit():
        if int(priority) > found.last_priority:
            report.errors.append(f"{where}: jump to {ctx},{exten_name},{priority}: no such priority")
    elif priority not in found.labels:
        report.errors.append(
            f"{where}: jump to label {priority!r} of {ctx},{exten_name}, which does not exist"
        )


def _conditional_targets(data: str) -> list[str]:
    """The two branch targets of GotoIf/GotoIfTime data ``condition?true:false``."""
    if "?" not in data:
        return []
    branches = data.rsplit("?", 1)[1]
    return [branch for branch in branches.split(":", 1) if branch]


class Sounds:
    """Where prompts are looked up: the node's sounds directory (optional), and the checked directory for
    prompts played by absolute path under its include root (the uploaded ones)."""

    def __init__(self, names: set[str] | None, include_root: str | None, directory: Path) -> None:
        self.names = names
        self.prefix = include_root.rstrip("/") + "/" if include_root else None
        self.directory = directory

    def problem(self, prompt: str) -> str | None:
        """Why ``prompt`` would not play, or None when it does (or cannot be known here)."""
        if _VARIABLE in prompt:
            return None
        if prompt.startswith("/"):
            if self.prefix is None or not prompt.startswith(self.prefix):
                return None
            relative = prompt[len(self.prefix) :]
            if ".." in relative.split("/") or not _has_audio(self.directory / relative):
                return f"prompt {prompt!r} has no audio file in the rendered directory"
            return None
        if self.names is not None and prompt not in self.names:
            return f"prompt {prompt!r} is not in the sounds directory"
        return None


def _has_audio(stem: Path) -> bool:
    """Is there a file ``<stem>.<extension>`` (as Asterisk looks a sound up)?"""
    folder = stem.parent
    if not folder.is_dir():
        return False
    return any(path.is_file() and path.stem == stem.name for path in folder.iterdir())


def check_dialplan(
    dialplan: Dialplan,
    report: Report,
    queues: set[str],
    sounds: set[str] | Sounds | None,
    external_contexts: set[str],
) -> None:
    for context, extensions in dialplan.contexts.items():
        for included, line in dialplan.includes.get(context, []):
            if included not in dialplan.contexts:
                message = f"{line.file}:{line.number}: include of context {included!r}, which is not rendered"
                (report.warnings if included in external_contexts else report.errors).append(message)
        for extension in extensions.values():
            for app, data, line in extension.calls:
                where = f"{line.file}:{line.number}"
                if app == "Goto":
                    _check_jump(dialplan, report, context, extension, data, line, gosub=False)
                elif app == "Gosub":
                    _check_jump(dialplan, report, context, extension, data, line, gosub=True)
                elif app in ("GotoIf", "GotoIfTime"):
                    for branch in _conditional_targets(data):
                        _check_jump(dialplan, report, context, extension, branch, line, gosub=False)
                elif app == "Queue":
                    name = split_args(data)[0]
                    if _VARIABLE not in name and name not in queues:
                        report.errors.append(f"{where}: Queue({name}) but queues.conf has no such queue")
                if sounds is not None and app in PROMPT_APPS:
                    prompt = split_args(data)[0]
                    if isinstance(sounds, Sounds):
                        problem = sounds.problem(prompt)
                        if problem is not None:
                            report.errors.append(f"{where}: {problem}")
                    elif _VARIABLE not in prompt and prompt not in sounds:
                        report.errors.append(f"{where}: prompt {prompt!r} is not in the sounds directory")


def sounds_in(directory: Path) -> set[str]:
    """Prompt names available under a sounds directory (with or without a language subdirectory)."""
    names: set[str] = set()
    for path in directory.rglob("*"):
        if path.is_file():
            relative = path.relative_to(directory).with_suffix("").as_posix()
            names.add(relative)
            first, _sep, rest = relative.partition("/")
            if rest and len(first) <= 5:
                names.add(rest)
    return names


def check_directory(
    directory: Path,
    *,
    include_root: str | None = None,
    sounds_dir: Path | None = None,
    external_contexts: set[str] | None = None,
) -> Report:
    """Check a rendered configuration directory; include_root is the absolute path its #include lines use."""
    with _gc_paused():
        return _check_directory(directory, include_root, sounds_dir, external_contexts)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # Parsing a large center builds a few hundred thousand small acyclic objects; the generational
    # collections they trigger cost more than the parse itself, and none of them would free anything.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_directory(
    directory: Path, include_root: str | None, sounds_dir: Path | None, external_contexts: set[str] | None
) -> Report:
    report = Report()
    include_map = (include_root, directory) if include_root else None
    queue_sections = parse_config(directory, "queues.conf", report, include_map)
    queues = check_queues(queue_sections, report)
    extension_sections = parse_config(directory, "extensions.conf", report, include_map)
    dialplan = parse_dialplan(extension_sections, report)
    pjsip_sections = parse_config(directory, "pjsip.conf", report, include_map)
    sounds = Sounds(sounds_in(sounds_dir) if sounds_dir is not None else None, include_root, directory)
    external = external_contexts or set()
    check_dialplan(dialplan, report, set(queues), sounds, external)
    moh_classes = set(NODE_MOH_CLASSES)
    if (directory / "musiconhold.conf").exists():
        moh_sections = parse_config(directory, "musiconhold.conf", report, include_map)
        moh_classes |= check_musiconhold(moh_sections, report, include_root, directory)
    for section in (section for section in extension_sections if section.name == "globals"):
        for key, value, line in section.options:
            if key.endswith("_PROMPT") or key in ("CC_SURVEY_THANKS", "CC_CALLBACK_OK"):
                problem = sounds.problem(value)
                if problem is not None:
                    report.errors.append(f"{line.file}:{line.number}: {key}: {problem}")
    endpoints = check_pjsip(pjsip_sections, report, dialplan, external)
    for name, section in queues.items():
        for context in section.get("context"):
            if context not in dialplan.contexts:
                report.errors.append(f"queues.conf: queue {name} exit context {context!r} does not exist")
        for member in section.get("member"):
            interface = member.split(",")[0]
            if interface.startswith("PJSIP/") and interface[len("PJSIP/") :] not in endpoints:
                report.errors.append(f"queues.conf: member {interface} of {name} has no PJSIP endpoint")
        for prompt in section.get("periodic-announce"):
            problem = sounds.problem(prompt)
            if problem is not None:
                report.errors.append(f"queues.conf: queue {name}: {problem}")
        for music in section.get("musicclass"):
            if music.lower() not in {known.lower() for known in moh_classes}:
                report.errors.append(
                    f"queues.conf: queue {name} music on hold class {music!r} is not in musiconhold.conf"
                )
    return report


def check_musiconhold(
    sections: list[Section], report: Report, include_root: str | None, directory: Path
) -> set[str]:
    """Check musiconhold.conf (classes of mode=files in the checked directory); returns the class names."""
    from callcenter.pbx.audio import wav_duration_ms

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
