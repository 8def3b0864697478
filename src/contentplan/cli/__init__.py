"""The `contentplan` command line (Typer). Each command lives in its own module
and is registered here; command modules import heavy things (ortools) only
inside the command function, so `check` stays fast.

A run loads only the module of the command it names (``main``): `check`
does not import the planner's or the report's modules. `--help`, no
arguments or an unknown word load them all, so the list and the errors are
complete. ``app`` (for tests and embedding) has every command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Annotated, Any

import typer

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


def _export() -> ModuleType:
    from contentplan.cli import export_cmd

    return export_cmd


def _import() -> ModuleType:
    from contentplan.cli import import_cmd

    return import_cmd


def _schema() -> ModuleType:
    from contentplan.cli import schema_cmd

    return schema_cmd


# One line per command, in the order `contentplan --help` lists them:
# (name, the function that imports its module, the command's function there).
# The imports are written out (not computed from a string) so that every
# arrow between modules can be seen by a reader and by the layer contracts.
COMMANDS: list[tuple[str, Callable[[], ModuleType], str]] = [
    ("init", _init, "init"),
    ("check", _check, "check"),
    ("show", _show, "show"),
    ("plan", _plan, "plan"),
    ("fix", _fix, "fix"),
    ("report", _report, "report"),
    ("export", _export, "export"),
    ("import", _import, "import_"),
    ("schema", _schema, "schema"),
]


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just ``only``."""
    app = typer.Typer(
        name="contentplan",
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
    for name, module, function in COMMANDS:
        if only is not None and name != only:
            continue
        loaded = module()
        text = _reflow(loaded.HELP)
        app.command(name, help=text, short_help=text.split("\n\n")[0])(getattr(loaded, function))
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
    from contentplan.core.files import forget_inputs

    forget_inputs()  # a new run: what earlier runs in this process read is not its input


def main() -> None:
    from contentplan.cli.run import run_app

    run_app(build_app(_named(sys.argv[1:])))


def _named(args: Sequence[str]) -> str | None:
    """The command the arguments name first, or None (help, no arguments,
    an option before the command, an unknown word): then every command."""
    if args and args[0] in {name for name, _, _ in COMMANDS}:
        return args[0]
    return None


def __getattr__(name: str) -> Any:
    """``contentplan.cli.app``: the app with every command, built once."""
    if name == "app":
        built = build_app()
        globals()["app"] = built
        return built
    raise AttributeError(name)


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
