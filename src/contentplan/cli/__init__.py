"""The `contentplan` command line (Typer). Each command lives in its own module;
this one lists them and loads a command's module only when that command is
asked for, so that `contentplan --version`, `contentplan check` or
`contentplan check --help` never import the planner's or the report's modules.

The list (``COMMANDS``) keeps each command's one-line help, so that
`contentplan --help` lists every command without loading any of them
(tests/cli/test_commands.py checks that the lines match the commands' own
help). ``app`` (for tests and embedding) is the whole command line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Annotated, Any, NamedTuple

import typer
import typer.core
import typer.main

from contentplan import __version__


def _init() -> ModuleType:
    from contentplan.cli import init_cmd

    return init_cmd


def _check() -> ModuleType:
    from contentplan.cli import check_cmd

    return check_cmd


def _show() -> ModuleType:
    from contentplan.cli import show_cmd

    return show_cmd


def _plan() -> ModuleType:
    from contentplan.cli import plan_cmd

    return plan_cmd


def _fix() -> ModuleType:
    from contentplan.cli import fix_cmd

    return fix_cmd


def _report() -> ModuleType:
    from contentplan.cli import report_cmd

    return report_cmd


def _insights() -> ModuleType:
    from contentplan.cli import insights_cmd

    return insights_cmd


def _export() -> ModuleType:
    from contentplan.cli import export_cmd

    return export_cmd


def _import() -> ModuleType:
    from contentplan.cli import import_cmd

    return import_cmd


def _import_results() -> ModuleType:
    from contentplan.cli import import_results_cmd

    return import_results_cmd


def _slots() -> ModuleType:
    from contentplan.cli import slots_cmd

    return slots_cmd


def _schema() -> ModuleType:
    from contentplan.cli import schema_cmd

    return schema_cmd


class Command(NamedTuple):
    """One command: its name, the function that imports its module (written
    out, not computed from a string, so that every arrow between modules can
    be seen by a reader and by the layer contracts), the command's function
    there, and its one-line help as `contentplan --help` lists it (the first
    paragraph of the module's HELP)."""

    name: str
    module: Callable[[], ModuleType]
    function: str
    summary: str


# In the order `contentplan --help` lists them.
COMMANDS: list[Command] = [
    Command(
        "init",
        _init,
        "init",
        "Start a content-calendar repository in DIR (default: the current folder).",
    ),
    Command(
        "check",
        _check,
        "check",
        "Check calendars against the rules and report every violation.",
    ),
    Command(
        "show",
        _show,
        "show",
        "Show a calendar as a week grid: days as rows, platforms as columns.",
    ),
    Command(
        "plan",
        _plan,
        "plan",
        "Plan weeks: place backlog items in the platforms' slots so that every rule at "
        "error severity holds (the 5:3:2 mix per platform and for the brand, cadence, "
        "spacing, quiet hours, blackouts, formats, title length, campaign phases, stale "
        "trends), with the most total priority, then the best spread of pillars, then the "
        "earliest slots. Ties are broken by a fixed rule, so the same input always gives "
        "the same output.",
    ),
    Command(
        "fix",
        _fix,
        "fix",
        "Repair a calendar with the fewest moves: change only the `at:` of some posts so "
        "that every check at error severity passes.",
    ),
    Command(
        "report",
        _report,
        "report",
        "Show the content mix per window: one table per platform and one for the brand.",
    ),
    Command(
        "insights",
        _insights,
        "insights",
        "Show what works on each platform, from measured results: engagement by pillar, by "
        "weekday × slot, by format, by campaign phase and, for posts on a hot topic, by the "
        "age of the topic.",
    ),
    Command(
        "export",
        _export,
        "export",
        "Export a calendar's posts as iCalendar (.ics) or CSV.",
    ),
    Command(
        "import",
        _import,
        "import_",
        "Turn a CSV file of posts into a calendar (YAML).",
    ),
    Command(
        "import-results",
        _import_results,
        "import_results",
        "Turn a platform's export (CSV) into a results file: how each post did.",
    ),
    Command(
        "slots",
        _slots,
        "slots",
        "Suggest posting times per platform from the results of published posts.",
    ),
    Command(
        "schema",
        _schema,
        "schema",
        "Print the JSON Schema (draft 2020-12) of a calendar, rules, backlog or results file.",
    ),
]
_BY_NAME = {command.name: command for command in COMMANDS}


def load(name: str) -> typer.core.TyperCommand:
    """The click command ``name`` (one of ``COMMANDS``), its module imported;
    built once per process (a command keeps no state between runs)."""
    if name not in _LOADED:
        entry = _BY_NAME[name]
        module = entry.module()
        text = _reflow(module.HELP)
        one = typer.Typer(add_completion=False)
        one.command(name, cls=_Command, help=text, short_help=text.split("\n\n")[0])(
            getattr(module, entry.function)
        )
        command = typer.main.get_command(one)
        assert isinstance(command, typer.core.TyperCommand)
        _LOADED[name] = command
    return _LOADED[name]


_LOADED: dict[str, typer.core.TyperCommand] = {}


class _Command(typer.core.TyperCommand):
    """A command whose `--help` is laid out by ``helpfmt`` (quick to start)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from contentplan.cli import helpfmt

        formatter.write(helpfmt.command_help(self, ctx))


class _Commands(typer.core.TyperGroup):
    """The command group. It holds, for each command of ``COMMANDS``, a stand-in
    with the name and the one-line help (what the group's own help lists, and
    what Typer's "Did you mean …?" draws from), and loads the real command
    only when it is run or its own help is asked for."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        for command in COMMANDS:
            self.add_command(typer.core.TyperCommand(name=command.name, short_help=command.summary))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in _BY_NAME:
            return None
        return load(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from contentplan.cli import helpfmt

        listed = [(command.name, command.summary) for command in COMMANDS]
        formatter.write(helpfmt.group_help(self, ctx, listed))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `contentplan` alone: the help, exit 2 (Typer would print it through
        # its Rich error path, which `helpfmt` does not use).
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(2)
        result: list[str] = super().parse_args(ctx, args)
        return result


def build_app() -> typer.Typer:
    """The whole command line; its commands load when they are used."""
    app = typer.Typer(
        name="contentplan",
        cls=_Commands,
        help=(
            "Keep a brand's social-media content calendar honest.\n\n"
            "Calendars are YAML files in git. `check` finds every break of the rules "
            "(the 5:3:2 content mix, cadence, spacing, quiet hours, blackouts, campaigns, "
            "stale trends, formats) and gates pull requests; `plan` builds weekly "
            "schedules that meet them."
        ),
        epilog=(
            "Reference: docs/reference.md "
            "(https://github.com/contentplan/contentplan/blob/main/docs/reference.md): "
            "every key of calendar, rules, backlog and settings files, the built-in "
            "platforms, time zones and every check, with examples."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    return app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contentplan {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep a brand's social-media content calendar honest."""
    # A new run: what earlier runs in this process read is not its input.
    # Inputs are recorded only once contentplan.core.files is loaded, so a
    # process that has not loaded it has none to forget (and `check --help`
    # need not load it).
    files = sys.modules.get("contentplan.core.files")
    if files is not None:
        files.forget_inputs()


app = build_app()


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
