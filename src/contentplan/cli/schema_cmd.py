"""`contentplan schema calendar|rules|backlog|results`: a JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, cast

import typer

from contentplan.cli.common import fail, note_settings, write_file

# Help paragraphs are single lines, so that the help screen wraps them to the
# terminal's width.
HELP = "\n\n".join(
    [
        "Print the JSON Schema (draft 2020-12) of a calendar, rules, backlog or results file.",
        "YAML editors use it to complete keys, offer the allowed values (format, status, "
        "phase, role, window, scope, severity) and flag typos as you type. contentplan "
        "itself reads files as docs/reference.md describes; its own errors are the final word.",
        "Without -o the schema goes to stdout. -o FILE writes it into FILE (replaced if it "
        "is there, never half-written); the folder must exist: create it first, e.g. "
        "mkdir -p .schemas.",
        "Examples:",
        "  mkdir -p .schemas",
        "  contentplan schema calendar -o .schemas/calendar.json",
        "  contentplan schema rules -o .schemas/rules.json",
        'Then, in VS Code with the YAML extension, add to .vscode/settings.json: '
        '{"yaml.schemas": {".schemas/calendar.json": "calendars/*.yaml", '
        '".schemas/rules.json": "rules/*.yaml"}}',
        "or make a file's first line: # yaml-language-server: $schema=../.schemas/calendar.json",
    ]
)


def schema(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="calendar, rules, backlog or results.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the schema into FILE (its folder must exist) instead of stdout.",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option("--rules", hidden=True, help="Accepted like on every command; unused."),
    ] = None,
) -> None:
    from contentplan.load.schemas import KINDS, Kind, schema_for

    if kind not in KINDS:
        fail(f"schema: unknown kind '{kind}': choose one of {', '.join(KINDS)}")
    text = json.dumps(schema_for(cast(Kind, kind)), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    note_settings()
    hint = f"write the schema to another file, e.g. -o .schemas/{kind}.json"
    write_file(output, text, "-o", hint)


schema.__doc__ = HELP
