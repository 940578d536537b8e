"""The package's parts import one way only (ARCHITECTURE.md): catalog → linking, export → render → edges."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "plugins" / "cxcanon"

#: part → the parts of ours it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "catalog": set(),
    "linking": {"catalog"},
    "export": {"catalog"},
    "render": {"catalog", "linking", "export"},
    "engines": {"catalog", "linking", "export", "render"},
    "cli": {"catalog", "linking", "export", "render", "engines"},  # `generate --engine zensical`
}


def _imported_parts(path: Path) -> set[str]:
    """The top-level parts of ``cxcanon`` that a module imports (relative or absolute)."""
    module_parts = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(module_parts[: len(module_parts) - node.level])
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not node.module:  # from . import x, y
                    found.update(base[0] if base else alias.name for alias in node.names)
                    continue
            elif node.module and node.module.startswith("cxcanon."):
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(target[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("cxcanon."))
    return found


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_parts_import_one_way(part: str) -> None:
    wrong = {
        f"{path.relative_to(PACKAGE)} imports {other}"
        for path in (PACKAGE / part).rglob("*.py")
        for other in _imported_parts(path)
        if other in ALLOWED and other != part and other not in ALLOWED[part]
    }
    assert not wrong, sorted(wrong)


def test_every_module_lives_in_a_part() -> None:
    """The package root holds only the public surface: the API, ``python -m`` and the extension's public name."""
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py", "markdown_ext.py"]
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(ALLOWED)
