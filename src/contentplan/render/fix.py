"""What `fix` shows: the table of moves with the violations each mends,
the summary line, and what is left with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from rich.console import Console

from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from contentplan.core.model import Brand, Violation
    from contentplan.plan.repair.solve import Move, RepairResult
    from contentplan.plan.repair.why import Left


class Outcome(Protocol):
    """What a run of fix found (``app.fix.Outcome``), as the report reads it."""

    @property
    def before(self) -> list[Violation]: ...
    @property
    def after(self) -> list[Violation]: ...
    @property
    def brand(self) -> Brand | None: ...
    @property
    def moves(self) -> tuple[Move, ...]: ...
    @property
    def left(self) -> list[Left]: ...
    @property
    def result(self) -> RepairResult | None: ...


def new_console(stderr: bool) -> Console:
    return Console(stderr=stderr, highlight=False)


def progress_text(level: str, value: float, bound: float) -> str:
    """What the spinner says while fix solves."""
    return f"Fixing: {level}, best {value:g}, bound {bound:g}"


def say(console: Console, text: str) -> None:
    """A line of plain text; names from the input in it are shown escaped."""
    console.print(safe_text(text), markup=False, highlight=False, soft_wrap=True)


def report(console: Console, outcome: Outcome, shown: str, dry_run: bool) -> None:
    if not outcome.before:
        say(console, f"{shown}: nothing to fix: no violations at error severity.")
        return
    after = {_same(v) for v in outcome.after}
    mended = [v for v in outcome.before if _same(v) not in after]
    if outcome.moves:
        console.print(_table(outcome.moves, mended, outcome.brand, shown))
    count = len(outcome.moves)
    verb = "would mend" if dry_run else ("mends" if count == 1 else "mend")
    moves = f"{count} move{'s' if count != 1 else ''}"
    line = f"{shown}: {moves} {verb} {_violations(len(mended))}"
    result = outcome.result
    stopped = result is not None and result.status != "optimal"
    if outcome.after:
        line += f"; {_violations(len(outcome.after))} left"
        line += " (the search was stopped)" if stopped else " that no move can mend"
    elif not dry_run:
        line += "; the calendar passes"
    say(console, line + ".")
    if stopped:
        say(
            console,
            "The time limit stopped the search: these moves keep every rule that holds now, "
            "but fewer may do. Raise --time-limit for the fewest.",
        )
    if outcome.left:
        say(console, "")
        say(console, "Left as they are:")
        for left in outcome.left:
            v = left.violation
            say(console, f"  ✗ {v.file}:{v.line}:{v.column} [{v.check}] {v.message}")
            say(console, f"    why: {left.reason}")


def _same(violation: Violation) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """A violation's identity without the order of its posts, which a move
    may change (a violation's post_ids are sorted by time)."""
    return (
        violation.check,
        violation.platform,
        violation.window,
        tuple(sorted(violation.post_ids)),
    )


def _violations(count: int) -> str:
    return f"{count} violation{'s' if count != 1 else ''}"


def moves_title(moves: Sequence[Move], brand: Brand | None, shown: str) -> str:
    """``Moves in cal.yaml (2025, Asia/Shanghai time)``: the file, and the
    year and time zone of the dates, which the table writes without them."""
    years = sorted({m.post.local.year for m in moves} | {m.to.local.year for m in moves})
    *earlier, last = (str(year) for year in years)
    when = [f"{', '.join(earlier)} and {last}" if earlier else last]
    if brand is not None:
        when.append(f"{brand.timezone} time")
    return f"Moves in {shown} ({', '.join(when)})"


def _table(
    moves: Sequence[Move], mended: Sequence[Violation], brand: Brand | None, shown: str
) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from contentplan.render.terminal import user_text

    table = Table(
        title=user_text(moves_title(moves, brand, shown)),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("post", no_wrap=True)
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
    table.add_column("shift", justify="right", no_wrap=True)
    table.add_column("mends")
    days = _day_breaches(mended, brand)
    unclaimed = list(mended)
    for move in moves:
        mine = [(i, v) for i, v in enumerate(mended) if move.post.id in v.post_ids]
        unclaimed = [v for v in unclaimed if v not in [w for _, w in mine]]
        post = Text.assemble(user_text(move.post.id), "\n", user_text(move.post.platform, "dim"))
        labels = [user_text(_label(v, move.post.id, days.get(i))) for i, v in mine]
        table.add_row(
            post,
            _when(move.post.local),
            _when(move.to.local),
            _shift(move.minutes),
            Text("\n").join(labels) if labels else Text("makes room for another move"),
        )
    if unclaimed:
        table.add_row("", "", "", "", Text("\n").join(user_text(_label(v, "")) for v in unclaimed))
    return table


def _when(local: datetime) -> str:
    return local.strftime("%a %m-%d %H:%M")


def _shift(minutes: int) -> str:
    from datetime import timedelta

    from contentplan.checks.grouping import span

    text = span(timedelta(minutes=abs(minutes)))
    return ("+" if minutes > 0 else "-") + text


def _day_breaches(violations: Sequence[Violation], brand: Brand | None) -> dict[int, date]:
    """The day of each cadence violation that is over ``max_per_day`` (by
    its index), as the calendar was before the moves."""
    if brand is None:
        return {}
    posts = {post.id: post for post in brand.posts}
    found: dict[int, date] = {}
    for index, violation in enumerate(violations):
        named = [posts[i] for i in violation.post_ids if i in posts]
        profile = brand.rules.platforms.get(violation.platform or "")
        days = {post.local.date() for post in named}
        if (
            violation.check == "cadence"
            and profile is not None
            and profile.max_per_day is not None
            and len(days) == 1
            and len(named) > profile.max_per_day
        ):
            found[index] = days.pop()
    return found


def _label(violation: Violation, post_id: str, day: date | None = None) -> str:
    """A mended violation in a few words, from the moved post's side."""
    check = violation.check
    others = [i for i in violation.post_ids if i != post_id]
    if day is not None:
        return f"cadence {violation.platform} {day:%a %m-%d}"
    if check in ("spacing", "duplicate") and len(others) == 1:
        return f"{check} with {others[0]}"
    if check in ("mix", "cadence"):
        return f"{check} {violation.platform or ''} {violation.window or ''}".replace("  ", " ")
    if check == "mix-brand":
        return f"mix-brand {violation.window or ''}".strip()
    if check in ("quiet-hours", "blackout", "campaign-phase", "stale-trend") and not others:
        return check
    named = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
    return f"{check} ({named})" if named else check
