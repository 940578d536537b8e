#!/usr/bin/env python3
"""Set up a virtual environment and run the site or the tests, on a machine with only Python and pip.

python3 scripts/dev.py serve   # build and serve the site from the shipped catalog
python3 scripts/dev.py test    # run the whole test suite
python3 scripts/dev.py build   # build the site into site/ (strict)
python3 scripts/dev.py zensical  # build the site with Zensical into build/zensical/site/ (the second engine)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("CXCANON_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_venv(extra: str) -> None:
    """Create the venv and install the project (editable) with ``extra``, once per pyproject change."""
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".cxcanon-{extra or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


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
    if command == "serve":
        ensure_venv("")
        run(BIN / "mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000", *rest)
    elif command == "build":
        ensure_venv("")
        run(BIN / "mkdocs", "build", "--strict", *rest)
    elif command == "zensical":
        ensure_venv("test")  # zensical is pinned in the test extra
        project = ROOT / "build" / "zensical"
        run(BIN / "cxcanon", "generate", project, "--docs", "docs", "--engine", "zensical", "--force")
        run(BIN / "zensical", "build", "--clean", "-f", project / "zensical.yml", *rest)
        for edition in sorted(project.glob("*/zensical.yml")):  # further editions, e.g. build/zensical/de/ → site/de/
            run(BIN / "zensical", "build", "--clean", "-f", edition, *rest)
            shutil.copytree(edition.parent / "site", project / "site" / edition.parent.name, dirs_exist_ok=True)
        print(f"site: {project / 'site'}", flush=True)
    elif command == "test":
        ensure_venv("test")
        ensure_chromium()
        result = subprocess.run([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
        return result.returncode
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
