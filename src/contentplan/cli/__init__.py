"""The `contentplan` command line (Typer). Each command lives in its own module
and is registered here; command modules import heavy things (ortools) only
inside the command function, so `check` stays fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from contentplan import __version__
from contentplan.cli import (
    check_cmd,
    export_cmd,
    fix_cmd,
    import_cmd,
    init_cmd,
    plan_cmd,
    report_cmd,
    schema_cmd,
    show_cmd,
)

app = typer.Typer(
    name="contentplan",
    help=(
        "Keep a brand's social-media content calendar honest.\n\n"
        "Calendars are YAML files in git. `check` finds every break of the rules "
        "(the 5:3:2 content mix, cadence, spacing, quiet hours, blackouts, campaigns, "
        "stale trends, formats) and gates pull requests; `plan` builds weekly "
        "schedules that meet them."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contentplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep a brand's social-media content calendar honest."""


def main() -> None:
    from contentplan.cli.run import run_app

    run_app(app)


def _reflow(text: str) -> str:
    """Help as Typer's Rich mode shows it best: each paragraph on one line
    (Rich wraps it to the terminal), example lines (indented) kept as written."""
    paragraphs = []
    for paragraph in text.strip().split("\n\n"):
        lines = paragraph.split("\n")
        if any(line.startswith(" ") for line in lines):
            paragraphs.append(paragraph)
        else:
            paragraphs.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(paragraphs)


# One line per command, in the order `contentplan --help` lists them.
COMMANDS: list[tuple[str, str, Callable[..., None]]] = [
    ("init", init_cmd.HELP, init_cmd.init),
    ("check", check_cmd.HELP, check_cmd.check),
    ("show", show_cmd.HELP, show_cmd.show),
    ("plan", plan_cmd.HELP, plan_cmd.plan),
    ("fix", fix_cmd.HELP, fix_cmd.fix),
    ("report", report_cmd.HELP, report_cmd.report),
    ("export", export_cmd.HELP, export_cmd.export),
    ("import", import_cmd.HELP, import_cmd.import_),
    ("schema", schema_cmd.HELP, schema_cmd.schema),
]

for _name, _help, _function in COMMANDS:
    _text = _reflow(_help)
    app.command(_name, help=_text, short_help=_text.split("\n\n")[0])(_function)
