"""The Russian translation is complete and its compiled catalogue matches the source."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every singular entry of a .po file."""
    import ast

    entries = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        if not any(line.startswith("msgid ") for line in lines) or any(
            line.startswith("msgid_plural") for line in lines
        ):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid: list[str] = []
        msgstr: list[str] = []
        current: list[str] | None = None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgstr "):
                current = msgstr
                line = line[7:]
            elif not line.startswith('"'):
                continue
            if current is not None:
                current.append(ast.literal_eval(line))
        entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


def test_every_interface_string_has_a_russian_translation() -> None:
    untranslated = [
        msgid
        for msgid, msgstr, fuzzy in _entries(PO.read_text(encoding="utf-8"))
        if msgid and (not msgstr or fuzzy)
    ]
    assert untranslated == []


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), "run `make messages` and commit locale/"
