"""Running the app: exit codes of SPEC §5.2 and no tracebacks for users."""

from __future__ import annotations

import sys

import typer


def run_app(app: typer.Typer) -> None:
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.stderr.write("contentplan: interrupted\n")
        sys.exit(130)
