"""The week grid that `plan` prints and `show` shares: days as rows,
platforms as columns, each post's time and title coloured by its pillar;
under the grid, the mix of every platform and of the brand against its band,
each group judged by ``checks.mix.judge_group`` like everywhere else.

Nothing here decides anything: it draws posts it is given. ``new`` marks the
posts a plan added (``+``); ``marks`` puts a sign after posts that break a
rule (``show``).

Brand, platform, pillar and title are user text: they go in as ``Text``
through `user_text` (clipped, escaped, never Rich markup).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from contentplan.checks.mix import judge_group
from contentplan.core.band import ratio_label, tolerance_label
from contentplan.core.clock import week_name
from contentplan.core.model import Post, Rules
from contentplan.render.report_rich import COLOURS
from contentplan.render.terminal import Phrases, user_text


def pillar_style(rules: Rules, pillar: str) -> str:
    """The pillar's colour: the same as in `report`, by its place in the rules."""
    index = rules.pillars.index(pillar) if pillar in rules.pillars else len(rules.pillars)
    return COLOURS[index % len(COLOURS)]


def week_view(
    posts: Sequence[Post],
    rules: Rules,
    monday: date,
    platforms: Sequence[str] = (),
    *,
    brand: str = "",
    new: Collection[str] = (),
    marks: Mapping[str, str] | None = None,
) -> RenderableType:
    """The grid of one ISO week, and its mix against the bands."""
    start = datetime.combine(monday, time())
    end = start + timedelta(days=7)
    inside = sorted((p for p in posts if start <= p.local < end), key=lambda p: p.sort_key)
    columns = list(dict.fromkeys([*platforms, *(p.platform for p in inside)]))
    return Group(
        _grid(inside, rules, monday, columns, brand, set(new), marks or {}),
        _mix_lines(inside, rules, columns),
    )


def _grid(
    posts: Sequence[Post],
    rules: Rules,
    monday: date,
    columns: Sequence[str],
    brand: str,
    new: set[str],
    marks: Mapping[str, str],
) -> Table:
    title = Text.assemble(user_text(f"{brand} ") if brand else "", week_name(monday))
    table = Table(title=title, title_style="bold", show_lines=True, expand=False)
    table.add_column("day", style="bold", no_wrap=True)
    for platform in columns:
        table.add_column(user_text(platform), overflow="fold")
    for offset in range(7):
        day = monday + timedelta(days=offset)
        cells: list[RenderableType] = []
        for platform in columns:
            cell = Text()
            for post in (p for p in posts if p.platform == platform and p.local.date() == day):
                if cell:
                    cell.append("\n")
                cell.append("+ " if post.id in new else "  ", style="bold green")
                cell.append(f"{post.local:%H:%M} ", style="dim")
                cell.append(user_text(post.title, pillar_style(rules, post.pillar)))
                if post.id in marks:
                    cell.append(f" {marks[post.id]}", style="bold red")
            cells.append(cell)
        table.add_row(f"{day:%a %m-%d}", *cells)
    return table


def _mix_lines(posts: Sequence[Post], rules: Rules, columns: Sequence[str]) -> RenderableType:
    lines: list[RenderableType] = []
    legend = Text("pillars: ", style="dim")
    for pillar in rules.pillars:
        legend.append(user_text(pillar, pillar_style(rules, pillar)))
        legend.append("  ")
    lines.append(legend)
    for platform in columns:
        group = [p for p in posts if p.platform == platform]
        lines.append(mix_line(platform, group, rules, platform))
    lines.append(mix_line("brand", list(posts), rules, None))
    if rules.mix.window == "month":
        lines.append(
            Text("(the mix is judged per month; the counts here are this week's)", style="dim")
        )
    return Group(*lines)


def mix_line(who: str, posts: Sequence[Post], rules: Rules, platform: str | None) -> Phrases:
    """``weibo  10 posts  functional 6 (5..7) ✓  story 2 (1..3) ✓ …``: the
    group of one platform (the brand's for ``platform`` None) judged as the
    `mix` and `mix-brand` checks judge it, ``mix.scope`` included. A narrow
    terminal wraps it between pillars, never inside one's figures; the
    lines after the first start under the first pillar."""
    count = len(posts)
    head = Text()
    head.append(user_text(f"{who:<12}", "bold"))
    head.append(f"{count:>3} posts  ")
    groups = [head]
    counts: dict[str, int] = {}
    for post in posts:
        counts[post.pillar] = counts.get(post.pillar, 0) + 1
    verdict = judge_group(counts, rules, platform)
    if count == 0 or not verdict.judged:
        groups.append(Text("not judged", style="dim"))
        return Phrases([[group] for group in groups], indent=head.cell_len)
    wrong = verdict.outside
    for pillar, (lo, hi) in verdict.band.items():
        group = user_text(f"{pillar} ", pillar_style(rules, pillar))
        group.append(f"{verdict.counts[pillar]} ({lo}..{hi})")
        group.append(
            " ✗  " if pillar in wrong else " ✓  ",
            style="bold red" if pillar in wrong else "green",
        )
        groups.append(group)
    ratios = rules.target_for(platform)
    groups.append(
        Text(f"{ratio_label(ratios)} {tolerance_label(rules.mix.tolerance)}", style="dim")
    )
    return Phrases([[group] for group in groups], indent=head.cell_len)
