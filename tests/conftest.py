"""Shared fixtures: tiny catalogs built from files next to the tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def base_catalog(tmp_path: Path) -> Path:
    """A copy of the small valid fixture catalog (two methods, one researcher)."""
    target = tmp_path / "methods"
    shutil.copytree(FIXTURES / "base", target)
    return target


@pytest.fixture
def overlay(base_catalog: Path) -> Callable[[str], Path]:
    """Copy the files of one bad-input case onto the base catalog; returns the catalog folder."""

    def apply(case: str) -> Path:
        shutil.copytree(FIXTURES / "bad" / case, base_catalog, dirs_exist_ok=True)
        return base_catalog

    return apply
