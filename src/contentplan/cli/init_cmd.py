"""`contentplan init [DIR]`: start a calendar repository from the starter."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated

import typer

from contentplan.cli.common import fail
from contentplan.core.text import safe_text

# Help paragraphs are single lines, so that the help screen wraps them to the
# terminal's width.
HELP = "\n\n".join(
    [
        "Start a content-calendar repository in DIR (default: the current folder).",
        "It writes rules/default.yaml (the 5:3:2 mix, platform roles and slots, quiet "
        "hours, a campaign, every key commented), calendars/example.yaml (one week that "
        "passes every check) and a short README.md for planners.",
        "It never overwrites a file: files that are already there are listed as skipped "
        "and left as they are, so running it twice is safe. Exit 2 if DIR cannot be written.",
        "Examples:",
        "  contentplan init brand-calendar",
        "  cd brand-calendar && contentplan check calendars/",
    ]
)

HERE = Path(".")


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to set up; created if missing.")
    ] = HERE,
    rules: Annotated[
        str | None,
        typer.Option("--rules", hidden=True, help="Accepted like on every command; unused."),
    ] = None,
) -> None:
    from contentplan.app.init import InitError, init_repository

    try:
        result = init_repository(directory)
    except InitError as error:
        for relative in error.written:
            typer.echo(f"wrote    {_shown(directory, relative)}")
        fail(f"init: {error}")
    for relative in result.written:
        typer.echo(f"wrote    {_shown(directory, relative)}")
    for relative in result.skipped:
        typer.echo(f"skipped  {_shown(directory, relative)} (already there; left unchanged)")
    if not result.written:
        typer.echo("Nothing to write: every starter file is already there.")
    typer.echo("")
    typer.echo("Next steps:")
    steps = []
    if directory.resolve() != Path.cwd().resolve():
        steps.append(f"cd {safe_text(_quoted(str(directory)))}")
    steps += [
        "Edit rules/default.yaml: your platforms, slots, campaigns.",
        "Replace calendars/example.yaml with your own posts.",
        "Run: contentplan check calendars/",
    ]
    for number, step in enumerate(steps, start=1):
        typer.echo(f"  {number}. {step}")


init.__doc__ = HELP


def _shown(directory: Path, relative: PurePosixPath) -> str:
    from contentplan.core.files import display_path

    return safe_text(display_path(directory.joinpath(*relative.parts)))


def _quoted(text: str) -> str:
    return f'"{text}"' if any(ch.isspace() for ch in text) else text
