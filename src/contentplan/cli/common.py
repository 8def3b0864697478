"""What every command shares: failing with exit 2, and option lists.

Messages here quote user text (file names, values, names from the rules), so
they go out through `safe_text`: no control character reaches the terminal."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from difflib import get_close_matches
from typing import TYPE_CHECKING, NoReturn

import typer

from contentplan.text import safe_text

if TYPE_CHECKING:
    from contentplan.model import Problem


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear line to stderr and exit (2: the input or output is bad)."""
    typer.echo(safe_text(f"contentplan: {message}"), err=True)
    raise typer.Exit(code)


def split_names(
    values: Iterable[str], known: Collection[str], option: str, kind: str = "check"
) -> list[str]:
    """`--select a,b` and `--select a --select b` both give [a, b]; unknown
    names are refused with a suggestion."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    for name in names:
        if name not in known:
            close = get_close_matches(name, list(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            fail(f"{option}: unknown {kind} '{name}'{hint}. Known: {', '.join(known)}")
    return names


def print_problems(problems: Iterable[Problem]) -> None:
    """Schema problems on stderr, one `file:line:col: message` line each."""
    for problem in problems:
        place = problem.file
        if problem.line:
            place += f":{problem.line}:{problem.column}"
        typer.echo(safe_text(f"{place}: {problem.message}"), err=True)
