"""requirements/lock.txt: every package pinned with hashes, in step with pyproject.toml, and what scripts/dev.py installs."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements" / "lock.txt"
HINT = "run `python3 scripts/dev.py lock` and commit requirements/lock.txt with pyproject.toml"
# The one platform the lock is resolved for (its header says so): CPython 3.11 on Linux x86_64.
LOCK_ENVIRONMENT = {
    "python_version": "3.11",
    "python_full_version": "3.11.5",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "extra": "test",
}


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cxcanon_dev", REPO / "scripts" / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked_versions(lock_text: str) -> dict[str, tuple[str, list[str]]]:
    """Package name → (pinned version, what it is there for, from the `# via` lines)."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in lock_text.splitlines():
        if match := re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line):
            current = canonicalize_name(match[1])
            entries[current] = (match[2], [])
        elif current and (via := re.match(r"\s+#\s*(?:via\b)?\s*(.*)", line)) and via[1]:
            entries[current][1].append(via[1].strip())  # `# via x` or, for several, `# via` and one `#   x` line each
    return entries


def direct_requirements(pyproject: dict[str, Any], build_extra: list[str]) -> list[Requirement]:
    """What the lock must satisfy: the base dependencies, the `test` extra and the build requirements of the editable install."""
    project = pyproject["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["test"], *pyproject["build-system"]["requires"], *build_extra]
    return [Requirement(text) for text in texts]


def lock_problems(pyproject: dict[str, Any], lock_text: str, build_extra: list[str]) -> list[str]:
    """Every way the lock disagrees with pyproject.toml: a dependency missing, at a version its pin excludes, or locked for a dependency that is gone."""
    locked = locked_versions(lock_text)
    problems = []
    direct = set()
    for requirement in direct_requirements(pyproject, build_extra):
        if requirement.marker and not requirement.marker.evaluate(LOCK_ENVIRONMENT):
            continue
        name = canonicalize_name(requirement.name)
        direct.add(name)
        if name not in locked:
            problems.append(f"{requirement} is in pyproject.toml but not in the lock")
        elif not requirement.specifier.contains(locked[name][0], prereleases=True):
            problems.append(f"pyproject.toml asks for {requirement}, the lock has {requirement.name}=={locked[name][0]}")
    for name, (version, via) in locked.items():
        if name not in direct and via and all(reason == "cxcanon (pyproject.toml)" for reason in via):
            problems.append(f"the lock has {name}=={version} for pyproject.toml, which no longer asks for it")
    return problems


def test_the_lock_is_in_step_with_pyproject() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    problems = lock_problems(pyproject, LOCK.read_text(encoding="utf-8"), _dev().EDITABLE_BUILD_EXTRA)
    assert problems == [], "requirements/lock.txt is out of date with pyproject.toml:\n  " + "\n  ".join(problems) + f"\n{HINT}"


def test_the_check_finds_an_edit_of_pyproject_that_was_not_locked() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    lock_text = LOCK.read_text(encoding="utf-8")
    build_extra = _dev().EDITABLE_BUILD_EXTRA
    assert lock_problems(pyproject, lock_text, build_extra) == []
    dependencies = pyproject["project"]["dependencies"]
    material = next(i for i, text in enumerate(dependencies) if text.startswith("mkdocs-material=="))
    locked_material = locked_versions(lock_text)["mkdocs-material"][0]

    bumped = [*dependencies[:material], "mkdocs-material==99.0.0", *dependencies[material + 1 :], "left-pad-for-python>=1"]
    problems = lock_problems({**pyproject, "project": {**pyproject["project"], "dependencies": bumped}}, lock_text, build_extra)
    assert problems == [
        f"pyproject.toml asks for mkdocs-material==99.0.0, the lock has mkdocs-material=={locked_material}",
        "left-pad-for-python>=1 is in pyproject.toml but not in the lock",
    ]

    dropped = [text for text in dependencies if not text.startswith("rispy")]
    problems = lock_problems({**pyproject, "project": {**pyproject["project"], "dependencies": dropped}}, lock_text, build_extra)
    assert problems == [f"the lock has rispy=={locked_versions(lock_text)['rispy'][0]} for pyproject.toml, which no longer asks for it"]

    windows_only = [*dependencies, 'pywin32==311; sys_platform == "win32"']
    assert lock_problems({**pyproject, "project": {**pyproject["project"], "dependencies": windows_only}}, lock_text, build_extra) == []


def test_every_locked_package_is_pinned_with_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8").split("\n\n", 1)[-1])
    packages = [block for block in blocks if "==" in block.split("\n", 1)[0]]
    assert len(packages) == len(locked_versions(LOCK.read_text(encoding="utf-8"))) > 50
    unhashed = [block.split()[0] for block in packages if not re.search(r"--hash=sha256:[0-9a-f]{64}", block)]
    assert unhashed == [], "pip install --require-hashes refuses these"
    assert not re.search(r"^-e |^\S+ @ |^\.", LOCK.read_text(encoding="utf-8"), re.M), (
        "only released packages from the index, no paths or URLs"
    )


def test_the_lock_says_how_it_was_made_and_for_which_platform() -> None:
    header = "\n".join(line for line in LOCK.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    dev = _dev()
    assert "python3 scripts/dev.py lock" in header
    assert f"uv pip compile pyproject.toml - --extra test --generate-hashes --python-version {dev.LOCK_PYTHON}" in header
    assert f"--python-platform {dev.LOCK_PLATFORM}" in header
    assert "CPython 3.11" in header and "Linux x86_64" in header
    assert "--require-hashes -r requirements/lock.txt" in header


def test_the_environment_is_reinstalled_when_the_lock_or_pyproject_changes(tmp_path: Path) -> None:
    dev = _dev()
    (tmp_path / "requirements").mkdir()
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(LOCK, tmp_path / "requirements" / "lock.txt")
    original = dev.install_digest(tmp_path)
    assert original == dev.install_digest(REPO)

    lock = tmp_path / "requirements" / "lock.txt"
    lock.write_text(lock.read_text(encoding="utf-8").replace("mkdocs-material==9.8.", "mkdocs-material==9.9."), encoding="utf-8")
    relocked = dev.install_digest(tmp_path)
    assert relocked != original

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert dev.install_digest(tmp_path) not in (original, relocked)


def test_dev_py_without_the_lock_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "dev.py", tmp_path / "scripts" / "dev.py")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    done = subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / "dev.py"), "build"],
        capture_output=True,
        text=True,
        check=False,
        env={"CXCANON_VENV": str(tmp_path / "venv"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: requirements/lock.txt is missing: ")
    assert "python3 scripts/dev.py lock" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "venv").exists(), "nothing is installed without the lock"


@pytest.mark.parametrize("workflow", ["ci.yml", "pages.yml"])
def test_ci_installs_from_the_lock(workflow: str) -> None:
    text = (REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
    installs = re.findall(r"pip install[^\n]*", text)
    assert installs, "the jobs install with pip (or through scripts/dev.py)"
    for install in installs:
        assert "--require-hashes -r requirements/lock.txt" in install or "--no-deps --no-build-isolation -e ." in install, install
    assert text.count("--require-hashes -r requirements/lock.txt") == text.count("--no-deps --no-build-isolation -e .")
    assert "cache-dependency-path: pyproject.toml" not in text, "the pip cache follows the lock"
