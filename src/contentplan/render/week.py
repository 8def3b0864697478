"""The week grid that `plan` prints and `show` shares: days as rows,
platforms as columns, each post's time and title coloured by its pillar;
under the grid, the mix of every platform and of the brand against its band,
each group judged by ``checks.mix.judge_group`` like everywhere else.

Nothing here decides anything: it draws posts it is given. ``new`` marks the
posts a plan added (``+``); ``marks`` puts a sign after posts that break a
rule (``show``). A post of a series carries ``↻``; an instance of a series
with no post of it that day (``core.series.instances``, the one definition
of a series' days; one a blackout excuses is not missed) is drawn in its
cell as ``↻ NAME missed``. A line under the grid says what the signs mean.

Brand, platform, pillar and title are user text: they go in as ``Text``
through `user_text` (clipped, escaped, never Rich markup).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from contentplan.checks.mix import judge_group
from contentplan.core.band import ratio_label, tolerance_label
from contentplan.core.clock import week_name
from contentplan.core.model import Post, Rules
from contentplan.core.series import Instance, instances
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
    zone: ZoneInfo | None = None,
) -> RenderableType:
    """The grid of one ISO week, and its mix against the bands. With
    ``zone`` (the calendar's), the series of the rules whose instances
    that week have no post are shown missed."""
    start = datetime.combine(monday, time())
    end = start + timedelta(days=7)
    inside = sorted((p for p in posts if start <= p.local < end), key=lambda p: p.sort_key)
    columns = list(dict.fromkeys([*platforms, *(p.platform for p in inside)]))
    missed = _missed(inside, rules, monday, columns, zone) if zone is not None else []
    parts: list[RenderableType] = [
        _grid(inside, rules, monday, columns, brand, set(new), marks or {}, missed)
    ]
    if missed or any(post.series for post in inside):
        parts.append(Text(SERIES_LEGEND, style="dim"))
    parts.append(_mix_lines(inside, rules, columns))
    return Group(*parts)


SERIES_MARK = "↻"
SERIES_LEGEND = (
    f"{SERIES_MARK} a post of a series · {SERIES_MARK} NAME missed: a day the series is due "
    "with no post of it"
)


def _missed(
    posts: Sequence[Post], rules: Rules, monday: date, columns: Sequence[str], zone: ZoneInfo
) -> list[Instance]:
    """The week's instances of the series shown (their platform is a
    column) that no post of the series fills (one on the series' platform
    that day, as the `series` check counts it), none a blackout excuses."""
    held = {(post.series, post.platform, post.local.date()) for post in posts if post.series}
    found = []
    for name in sorted(rules.series):
        series = rules.series[name]
        if series.platform not in columns:
            continue
        for instance in instances(
            series, monday, monday + timedelta(days=6), rules.blackouts, zone
        ):
            if instance.excused_by is None and (name, series.platform, instance.day) not in held:
                found.append(instance)
    return found


def _grid(
    posts: Sequence[Post],
    rules: Rules,
    monday: date,
    columns: Sequence[str],
    brand: str,
    new: set[str],
    marks: Mapping[str, str],
    missed: Sequence[Instance] = (),
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
            lines: list[tuple[datetime, int, Post | Instance]] = [
                (p.local, 0, p) for p in posts if p.platform == platform and p.local.date() == day
            ]
            lines += [
                (i.local, 1, i) for i in missed if i.series.platform == platform and i.day == day
            ]
            for _, _, entry in sorted(lines, key=lambda line: (line[0], line[1])):
                if cell:
                    cell.append("\n")
                if isinstance(entry, Instance):
                    cell.append(f"  {entry.local:%H:%M} ", style="dim")
                    cell.append(f"{SERIES_MARK} ", style="bold red")
                    cell.append(user_text(entry.series.name, "bold red"))
                    cell.append(" missed", style="bold red")
                    continue
                post = entry
                cell.append("+ " if post.id in new else "  ", style="bold green")
                cell.append(f"{post.local:%H:%M} ", style="dim")
                if post.series:
                    cell.append(f"{SERIES_MARK} ", style="bold cyan")
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
