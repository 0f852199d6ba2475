"""A small, strict template engine for Asterisk configuration files (the templates live in asterisk_conf/).

Why not Django templates: they escape for HTML (wrong for Asterisk), silently render a missing variable as
an empty string, and make exact line control awkward. Asterisk files need the opposite: every placeholder
must be given, every given value must be used, and every value is checked against what can break out of
its place at the moment it is substituted, even though it was validated before.

Template files hold named blocks::

    ;; == queue ==
    [{{name}}]
    strategy = {{strategy}}

A placeholder is ``{{name}}`` (an application argument or dialplan token: refuses newline, NUL, and
``, ; ( ) $ [ ] { } & | " \\ < > =``) or ``{{name|conf}}`` (a whole config value such as a password or a
codec list: refuses control characters and ``;``). Blocks have no logic; Python code decides which
blocks to emit and in which order.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

_BLOCK_RE = re.compile(r"^;; == ([a-z0-9_]+) ==$", re.MULTILINE)
_PLACEHOLDER_RE = re.compile(r"\{\{([a-z0-9_]+)(\|conf)?\}\}")
# A token inside an application argument or a dialplan line.
_TOKEN_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f,;()$\[\]{}&|\"\\<>=]")
# A whole value after "key =" in a config file.
_CONF_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f;]")


class UnsafeValue(ValueError):
    """A value would break out of its place in an Asterisk file."""


class TemplateError(Exception):
    """A template is malformed, or was rendered with missing or unexpected values."""


def templates_dir() -> Path:
    return Path(settings.BASE_DIR) / "asterisk_conf"


def check_token(value: str) -> str:
    """Refuse a value that could end its dialplan argument, line or section name."""
    match = _TOKEN_FORBIDDEN.search(value)
    if match is not None or "{{" in value:
        raise UnsafeValue(f"{value[:40]!r} contains {match.group() if match else '{{'!r}")
    return value


def check_conf(value: str) -> str:
    """Refuse a value that could end its config line or start a comment."""
    match = _CONF_FORBIDDEN.search(value)
    if match is not None or value != value.strip():
        raise UnsafeValue(f"{value[:40]!r} is not a single-line config value")
    return value


class Block:
    """One compiled block: literal text and placeholders alternating."""

    __slots__ = ("literals", "name", "placeholders")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.literals: list[str] = []
        self.placeholders: list[tuple[str, bool]] = []
        position = 0
        for match in _PLACEHOLDER_RE.finditer(text):
            self.literals.append(text[position : match.start()])
            self.placeholders.append((match.group(1), match.group(2) is not None))
            position = match.end()
        self.literals.append(text[position:])
        if "{{" in "".join(self.literals) or "}}" in "".join(self.literals):
            raise TemplateError(f"block {name}: malformed placeholder")

    def render(self, values: dict[str, str | int]) -> str:
        expected = {name for name, _conf in self.placeholders}
        if expected != values.keys():
            missing, extra = expected - values.keys(), values.keys() - expected
            raise TemplateError(f"block {self.name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        parts = [self.literals[0]]
        for (name, conf), literal in zip(self.placeholders, self.literals[1:], strict=True):
            value = values[name]
            if isinstance(value, bool):
                raise TemplateError(f"block {self.name}: {name} is a bool; pass 'yes'/'no'")
            if not isinstance(value, (str, int)):
                raise TemplateError(
                    f"block {self.name}: {name} is a {type(value).__name__}, not text or a number"
                )
            text = str(value) if isinstance(value, int) else value
            try:
                parts.append(check_conf(text) if conf else check_token(text))
            except UnsafeValue as exc:
                raise UnsafeValue(f"{self.name}.{name}: {exc}") from None
            parts.append(literal)
        return "".join(parts)


class Template:
    """The blocks of one template file."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.blocks: dict[str, Block] = {}
        markers = list(_BLOCK_RE.finditer(text))
        if not markers or text[: markers[0].start()].strip():
            raise TemplateError(f"{name}: text before the first block marker")
        for index, marker in enumerate(markers):
            end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
            block_name = marker.group(1)
            if block_name in self.blocks:
                raise TemplateError(f"{name}: block {block_name} defined twice")
            self.blocks[block_name] = Block(block_name, text[marker.end() + 1 : end])

    def __call__(self, block: str, **values: str | int) -> str:
        try:
            compiled = self.blocks[block]
        except KeyError:
            raise TemplateError(f"{self.name}: no block {block}") from None
        return compiled.render(values)

    def fill(self, block: str, source: object, **values: str | int) -> str:
        """The block with each placeholder not given in ``values`` read from ``source``'s attribute of the
        same name; a placeholder ``source`` has no attribute for is a ``TemplateError``."""
        compiled = self.blocks.get(block)
        wanted = [name for name, _conf in compiled.placeholders] if compiled is not None else []
        for name in wanted:
            if name not in values:
                try:
                    values[name] = getattr(source, name)
                except AttributeError:
                    raise TemplateError(f"{self.name}: block {block} needs {name}") from None
        return self(block, **values)


@cache
def load(name: str) -> Template:
    """A template from asterisk_conf/, compiled once per process."""
    path = templates_dir() / name
    return Template(name, path.read_text(encoding="utf-8"))
