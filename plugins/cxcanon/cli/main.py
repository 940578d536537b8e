"""The ``cxcanon`` command line: one parser, every command group registered here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import catalog, export, generate, lint
from .catalog import EXIT_OK, EXIT_PROBLEMS

#: The command groups, in the order ``cxcanon --help`` lists them; each module has ``register(subparsers)``.
COMMAND_GROUPS = (catalog, lint, generate, export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxcanon", description="CX Canon: one name per method, and the person who found it.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 problems found, 2 usage or unknown term)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:
        print(f"cxcanon: {error.strerror or error}: {getattr(error, 'filename', '') or ''}", file=sys.stderr)
        return EXIT_PROBLEMS
