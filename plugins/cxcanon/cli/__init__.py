"""The ``cxcanon`` command line (entry point ``cxcanon.cli:main``)."""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
