#!/usr/bin/env python3
"""Set up a virtual environment and run the site or the tests, on a machine with only Python and pip.

python3 scripts/dev.py serve   # build and serve the site from the shipped catalog
python3 scripts/dev.py test    # run the whole test suite
python3 scripts/dev.py build   # build the site into site/ (strict)
python3 scripts/dev.py zensical  # build the site with Zensical into build/zensical/site/ (the second engine)
python3 scripts/dev.py lock    # re-resolve requirements/lock.txt after a change to pyproject.toml

The environment is .venv/ (or $CXCANON_VENV). It is installed from requirements/lock.txt, every
package pinned with its hashes, and then the project itself, editable and without dependencies;
it is reinstalled whenever pyproject.toml or the lock changes. `lock` keeps the pins it can;
`python3 scripts/dev.py lock --upgrade` moves every package to its newest allowed release.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("CXCANON_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".cxcanon-installed"

# The one platform the lock is resolved for: CI's (Python 3.11 on Linux x86_64). 3.11.5 is the
# project's minimum (requires-python); glibc 2.28 or newer is every current Linux, Debian bookworm included.
LOCK_PYTHON = "3.11.5"
LOCK_PLATFORM = "x86_64-manylinux_2_28"
# hatchling asks for `editables` to build the editable install (the schema folder is force-included).
EDITABLE_BUILD_EXTRA = ["editables"]

LOCK_HEADER = """\
# requirements/lock.txt: every package of cxcanon with its `test` extra, and the build backend for
# the editable install, pinned with the hashes of their files on PyPI.
# Resolved for CPython 3.11 (3.11.5 or newer) on Linux x86_64, the only platform CI uses.
#
# Generated; do not edit. After changing a dependency in pyproject.toml run
#    python3 scripts/dev.py lock              # keeps every other pin (--upgrade: newest of all)
# which runs, with pyproject's build-system.requires and {extra} on standard input,
#    {command}
#
# scripts/dev.py and CI install it with
#    python -m pip install --require-hashes -r requirements/lock.txt
#    python -m pip install --no-deps --no-build-isolation -e .
"""


class Failure(Exception):
    """A step failed with a message for the user; no traceback."""


def run(*cmd: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    done = subprocess.run([str(c) for c in cmd], check=False, cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise Failure(f"`{Path(cmd[0]).name} {' '.join(str(c) for c in cmd[1:3])} …` failed (exit {done.returncode}); see its output above")


def install_digest(root: Path = ROOT) -> str:
    """The fingerprint of what the environment is installed from: pyproject.toml (entry points, the editable install) and the lock."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements/lock.txt"):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()


def ensure_venv() -> None:
    """Create the venv and install the lock, then the project (editable), once per change of pyproject.toml or the lock."""
    if not LOCK.is_file():
        raise Failure(
            f"{LOCK.relative_to(ROOT)} is missing: restore it (git checkout -- requirements/lock.txt) or run `python3 scripts/dev.py lock`"
        )
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    digest = install_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK.relative_to(ROOT))
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ".")
    STAMP.write_text(digest)


def _pyproject() -> dict[str, Any]:
    import tomllib  # after the Python version check in main(): 3.11 and newer

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _uv() -> Path:
    """uv from the environment; on a first run (no lock yet) the version pinned in pyproject's `test` extra."""
    uv = BIN / "uv"
    if not uv.exists() and LOCK.is_file():
        ensure_venv()
    if not uv.exists():
        if not (BIN / "python").exists():
            venv.create(VENV, with_pip=True)
        pins = _pyproject()["project"]["optional-dependencies"]["test"]
        run(BIN / "python", "-m", "pip", "install", "--quiet", next((p for p in pins if re.match(r"uv\s*==", p)), "uv"))
    return uv


def lock(options: list[str]) -> None:
    """Resolve requirements/lock.txt from pyproject.toml (base and `test` extra) and the build requirements, with hashes."""
    build = [*_pyproject()["build-system"]["requires"], *EDITABLE_BUILD_EXTRA]
    command = [
        "uv", "pip", "compile", "pyproject.toml", "-", "--extra", "test", "--generate-hashes",
        "--python-version", LOCK_PYTHON, "--python-platform", LOCK_PLATFORM,
        "--no-header", "--quiet", "--output-file", "requirements/lock.txt",
    ]  # fmt: skip
    uv = _uv()
    LOCK.parent.mkdir(exist_ok=True)
    print("+", " ".join([*command, *options]), "<<<", " ".join(build), flush=True)
    done = subprocess.run([str(uv), *command[1:], *options], cwd=ROOT, input="\n".join(build) + "\n", text=True, check=False)
    if done.returncode != 0:
        raise Failure(f"uv pip compile failed (exit {done.returncode}); see its message above (it needs to reach PyPI)")
    body = LOCK.read_text(encoding="utf-8")
    LOCK.write_text(LOCK_HEADER.format(extra=" ".join(EDITABLE_BUILD_EXTRA), command=" ".join(command)) + body, encoding="utf-8")
    print(f"wrote {LOCK.relative_to(ROOT)}; commit it together with pyproject.toml")


def ensure_chromium() -> None:
    """Install Debian's Chromium for the browser tests when it is missing and we may (root + apt)."""
    if Path("/usr/bin/chromium").exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    else:
        print("note: /usr/bin/chromium not found and cannot be installed here; browser tests will be skipped", file=sys.stderr)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "test"
    rest = argv[1:]
    if sys.version_info < (3, 11, 5):
        print(f"error: CX Canon needs Python 3.11.5 or newer; this is {sys.version.split()[0]} ({sys.executable})", file=sys.stderr)
        return 2
    try:
        if command == "serve":
            ensure_venv()
            run(BIN / "mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000", *rest)
        elif command == "build":
            ensure_venv()
            run(BIN / "mkdocs", "build", "--strict", *rest)
        elif command == "zensical":
            ensure_venv()  # zensical is pinned in the test extra, which the lock installs
            project = ROOT / "build" / "zensical"
            run(BIN / "cxcanon", "generate", project, "--docs", "docs", "--engine", "zensical", "--force")
            run(BIN / "zensical", "build", "--clean", "-f", project / "zensical.yml", *rest)
            for edition in sorted(project.glob("*/zensical.yml")):  # further editions, e.g. build/zensical/de/ → site/de/
                run(BIN / "zensical", "build", "--clean", "-f", edition, *rest)
                shutil.copytree(edition.parent / "site", project / "site" / edition.parent.name, dirs_exist_ok=True)
            print(f"site: {project / 'site'}", flush=True)
        elif command == "lock":
            lock(rest)
        elif command == "test":
            ensure_venv()
            ensure_chromium()
            result = subprocess.run([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
            return result.returncode
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Failure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
