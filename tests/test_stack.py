"""The MkDocs stack: Material's end-of-life banner does not fail a strict build, and the README explains it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BANNER = "Material for MkDocs reaches end of life on May 5, 2027."


@pytest.mark.build
def test_materials_end_of_life_banner_does_not_fail_a_strict_build(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if name not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    env |= {"CXCANON_CATALOG": str(REPO / "tests" / "fixtures" / "base"), "CXCANON_DE_EDITION": "off"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert BANNER in done.stderr, "Material printed no banner (or another one): update the README's section on it"
    assert not [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    assert (tmp_path / "site" / "methods" / "alpha-method" / "index.html").is_file()


def test_the_readme_explains_the_banner() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The MkDocs stack", 1)[1].split("\n## ", 1)[0]
    assert BANNER.removeprefix("Material for MkDocs ") in section.replace("\n", " ")
    for must in ("--strict", "Zensical", "ProperDocs", "NO_MKDOCS_2_WARNING=1", "mkdocs==1.6.1"):
        assert must in section, must
