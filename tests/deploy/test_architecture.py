"""docs/architecture.md is the map from a domain name to its code: app, then module.

The map names only what exists, misses no module of any app, and every place "Where a change goes"
sends a change exists.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "callcenter"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# Found by their names without a map: Django's conventions and the house's (docs/architecture.md, Conventions).
CONVENTIONAL = frozenset(
    {
        "__init__.py",
        "__pycache__",
        "actions",
        "actions.py",
        "admin",
        "admin.py",
        "api",
        "api.py",
        "apps.py",
        "consumers.py",
        "forms.py",
        "locale",
        "management",
        "migrations",
        "models",
        "models.py",
        "querysets.py",
        "routing.py",
        "serializers.py",
        "signals.py",
        "static",
        "tasks.py",
        "templates",
        "templatetags",
        "urls.py",
        "views",
        "views.py",
    }
)
CODE = re.compile(r"`([A-Za-z_][\w./]*)`")


def _section(title: str, end: str) -> str:
    return DOC.split(title, 1)[1].split(end, 1)[0]


def _rows(section: str) -> dict[str, list[str]]:
    """Each two-column table row: its first cell, and the code names of its second."""
    rows: dict[str, list[str]] = {}
    body = section.split("|---|---|", 1)[1]
    for line in body.strip().splitlines():
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`")] = CODE.findall(cells[1])
    return rows


def _paths(names: list[str]) -> list[str]:
    return [name.rstrip("/") for name in names if name.endswith(("/", ".py"))]


APPS = sorted(path.name for path in SOURCE.iterdir() if (path / "apps.py").exists())
MAP = _rows(_section("## Apps: what lives where", "### Where a change goes"))
CHANGES = _rows(_section("### Where a change goes", "## Conventions"))


def test_the_map_has_a_row_for_every_app() -> None:
    assert sorted(MAP) == APPS


@pytest.mark.parametrize("app", APPS)
def test_every_path_the_map_names_exists(app: str) -> None:
    assert [path for path in _paths(MAP[app]) if not (SOURCE / app / path).exists()] == []


@pytest.mark.parametrize("app", APPS)
def test_every_module_of_an_app_is_on_the_map(app: str) -> None:
    named = {path.split("/", 1)[0] for path in _paths(MAP[app])}
    modules = {
        path.name
        for path in (SOURCE / app).iterdir()
        if path.name not in CONVENTIONAL and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert sorted(modules - named) == []


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_place_a_change_goes_exists(change: str) -> None:
    places = [path.split("<", 1)[0] for path in _paths(CHANGES[change])]
    assert places
    assert [place for place in places if not ((SOURCE / place).exists() or (ROOT / place).exists())] == []
