"""The `contentplan` command line (Typer). Each command lives in its own module
and is registered here; command modules import heavy things (ortools) only
inside the command function, so `check` stays fast."""

from __future__ import annotations

from typing import Annotated

import typer

from contentplan import __version__

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


# Command registrations: one line per command module.
from contentplan.cli import (  # noqa: E402
    check_cmd,  # noqa: E402
    export_cmd,
    import_cmd,
    report_cmd,
)

app.command("check", help=check_cmd.HELP)(check_cmd.check)
app.command("report", help=report_cmd.HELP)(report_cmd.report)
app.command("export", help=export_cmd.HELP)(export_cmd.export)
app.command("import", help=import_cmd.HELP)(import_cmd.import_)

from contentplan.cli import init_cmd, schema_cmd  # noqa: E402

app.command("init")(init_cmd.init)
app.command("schema")(schema_cmd.schema)

from contentplan.cli import plan_cmd  # noqa: E402

app.command("plan", help=plan_cmd.HELP)(plan_cmd.plan)

from contentplan.cli import show_cmd  # noqa: E402

app.command("show", help=show_cmd.HELP)(show_cmd.show)
