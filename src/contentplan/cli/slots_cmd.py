"""`contentplan slots`: the posting times the results favour, per platform."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import exits, fail

HELP = """Suggest posting times per platform from the results of published posts.

PATH names the calendars (files or folders, as `check` reads them) whose
posts the results files measured; --results names the results files or their
folder (default: the results/ folder here). Rows that name no post of the
calendars are listed on stderr and left out.

For each platform, --suggest lists the best posting times (weekday and clock)
by the interactions of a typical post there (likes + comments + shares +
saves), each with a 90 % interval and the number of posts behind it. Times
with few posts are drawn toward their clock's value on other days, and that
toward the platform's typical post, so one lucky post does not make a best
time; "thin" marks fewer than 3 posts, "untried" a time of the rules' slots
that no result covers (it counts at its clock's value). It
ends with a `slots:` snippet to paste into the rules file: the clocks whose
value over the whole week is best, as many as the platform has now (3 when it
has none). `plan --learn` uses the same values to place posts.

Examples:

  contentplan slots calendars/ --suggest

  contentplan slots calendars/ --suggest --results results/ --platform weibo --top 10

  contentplan slots calendars/ --suggest --format json
"""


def slots(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Calendar files or folders: the posts the results measured.",
            show_default=False,
        ),
    ],
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest",
            help="Rank the posting times by the results and propose `slots:` for the rules.",
        ),
    ] = False,
    results: Annotated[
        list[Path] | None,
        typer.Option(
            "--results",
            help="Results files or folders (repeat it for several; default: results/).",
        ),
    ] = None,
    platform: Annotated[
        list[str] | None,
        typer.Option("--platform", help="Only these platforms: --platform weibo,douyin."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, max=168, help="Best times shown per platform.")
    ] = 5,
    output_format: Annotated[
        str,
        typer.Option("--format", help="text (default) or json, for other tools."),
    ] = "text",
    brand: Annotated[
        str | None,
        typer.Option("--brand", help="Only this brand, when the calendars hold several."),
    ] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules file (wins over the calendar's `rules:`).")
    ] = None,
) -> None:
    from contentplan.app import slots as app
    from contentplan.render import learned as told
    from contentplan.render import slots as shown

    if not suggest:
        fail(
            "slots proposes posting times from the results: add --suggest, e.g. "
            "`contentplan slots calendars/ --suggest`"
        )
    if output_format not in ("text", "json"):
        fail(f"--format: '{output_format}' is not a format of slots: use text or json")
    names = [n.strip() for value in platform or [] for n in value.split(",") if n.strip()]
    brands = exits(app.read)(paths, results or [], rules, None)
    every = brands
    if brand is not None:
        brands = exits(app.read)(paths, results or [], rules, brand)
    known = {name for each in brands for name in each.rules.platforms}
    for name in names:
        if name not in known:
            fail(f"--platform: unknown platform '{name}': known are {', '.join(sorted(known))}")
    found = exits(app.slots)(brands, every, exits(app.results_paths)(results or []), names, top)
    warnings = sorted({line for each in found for line in each.learning.warnings})
    for line in told.left_out(warnings):
        typer.echo(line, err=True)
    if output_format == "json":
        typer.echo(shown.document(found), nl=False)
    else:
        typer.echo(shown.text(found), nl=False)
