"""The dialplan check: priorities, labels, known applications, and every literal jump resolving."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from callcenter.pbx.validate.parse import Line, Report, Section, balanced, split_args
from callcenter.pbx.validate.sounds import VARIABLE, Sounds

_EXTEN_RE = re.compile(r"^([^,]+),(\d+|n)(?:\(([A-Za-z0-9_-]+)\))?,([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$")

_SAME_RE = re.compile(r"^(n|\d+)(?:\(([A-Za-z0-9_-]+)\))?,([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$")

KNOWN_APPS = frozenset(
    {
        "AddQueueMember", "AMD", "Answer", "Background", "ChanSpy", "Dial", "ExecIf", "Gosub", "Goto",
        "GotoIf", "GotoIfTime", "Hangup", "MixMonitor", "NoOp", "Originate", "PauseQueueMember", "Playback",
        "Queue", "QueueLog", "Read", "RemoveQueueMember", "Return", "Set", "UnpauseQueueMember", "UserEvent",
        "Wait", "WaitExten", "Busy", "Congestion", "Ringing",
    }
)  # fmt: skip

PROMPT_APPS = frozenset({"Playback", "Background"})


@dataclass
class Extension:
    """One extension of a context: its priorities' labels and the application calls."""

    name: str
    labels: set[str] = field(default_factory=set)
    last_priority: int = 0
    calls: list[tuple[str, str, Line]] = field(default_factory=list)


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
            if not balanced(data):
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
    if not target or VARIABLE in target or "$[" in target:
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
                    if VARIABLE not in name and name not in queues:
                        report.errors.append(f"{where}: Queue({name}) but queues.conf has no such queue")
                if sounds is not None and app in PROMPT_APPS:
                    prompt = split_args(data)[0]
                    if isinstance(sounds, Sounds):
                        problem = sounds.problem(prompt)
                        if problem is not None:
                            report.errors.append(f"{where}: {problem}")
                    elif VARIABLE not in prompt and prompt not in sounds:
                        report.errors.append(f"{where}: prompt {prompt!r} is not in the sounds directory")
