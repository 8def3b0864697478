"""`contentplan show` on a terminal: each week as a grid of posts (the
week view), with a mark on every post that breaks a rule, then the week's
violations, one line each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.console import Console
from rich.text import Text

from contentplan.core.clock import week_name
from contentplan.core.model import Brand, Post, Violation
from contentplan.render.terminal import Phrases, message_phrases, message_text
from contentplan.render.week import week_view

MARK = {"error": "✗", "warning": "!"}


def print_weeks(
    brand: Brand,
    posts: Sequence[Post],
    columns: Sequence[str],
    mondays: Sequence[date],
    violations: Sequence[Violation],
) -> None:
    """Print the weeks starting on ``mondays``: only the platforms in
    ``columns`` (all the brand plans for when empty)."""
    console = Console(highlight=False)
    platforms = list(columns) or list(brand.rules.planning_platforms)
    for monday in mondays:
        name = week_name(monday)
        ids = {p.id for p in posts if monday <= p.local.date() < monday + timedelta(days=7)}
        in_week = [v for v in violations if v.window == name or set(v.post_ids) & ids]
        marks: dict[str, str] = {}
        for v in in_week:
            for post_id in v.post_ids if v.check not in ("mix", "mix-brand") else ():
                sign = f"{MARK.get(v.severity, '')}{v.check}"
                marks[post_id] = f"{marks[post_id]} {sign}" if post_id in marks else sign
        console.print(
            week_view(
                posts,
                brand.rules,
                monday,
                platforms,
                brand=brand.name,
                marks=marks,
                zone=brand.zone,
            )
        )
        for v in in_week:
            style = "bold red" if v.severity == "error" else "yellow"
            line = Text(f"{MARK.get(v.severity, '')} ", style=style)
            line.append(f"[{v.check}] ", style="magenta")
            line.append(message_text(f"{v.file}:{v.line}  ", "cyan"))
            console.print(Phrases([[line], *message_phrases(v.message)], indent=2))
        if not in_week:
            console.print(Text("✓ no violations this week", style="green"))
        console.print()
