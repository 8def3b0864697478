"""What `plan --learn` adds to the summary: what it learned from, and the
expected engagement of the schedule against the same weeks planned without
--learn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from contentplan.render.plan import say

if TYPE_CHECKING:
    from rich.console import Console

    from contentplan.stats.learn import Expectation, Learning

# Rows left out shown one by one; past this, a count.
SHOWN_ROWS = 20


def left_out(lines: Sequence[str]) -> list[str]:
    """The lines of results rows left out, the first ``SHOWN_ROWS`` of them
    and a count of the rest."""
    shown = list(lines[:SHOWN_ROWS])
    if len(lines) > SHOWN_ROWS:
        shown.append(f"… and {len(lines) - SHOWN_ROWS} more results rows left out")
    return shown


def interactions(value: float) -> str:
    """Whole interactions with thousands separated; one decimal below 10."""
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def learned_from(err: Console, learning: Learning, brand: str) -> None:
    models = learning.learned.platforms
    if not models:
        say(
            err,
            f"--learn: no results for brand {brand}'s posts: the plan is the plan without "
            "--learn.",
        )
        return
    parts = ", ".join(f"{name} {model.posts}" for name, model in models.items())
    say(err, f"Learned from {learning.results} published posts with results ({parts}).")


def expected(
    err: Console, learned: Expectation, plain: Expectation | None, note: str = ""
) -> None:
    """The expected engagement of the plan, and of the plan without --learn."""
    if learned.posts == 0:
        say(
            err,
            "Expected engagement: none of the planned posts is on a platform with results, "
            "so --learn changed nothing.",
        )
        return
    line = (
        f"Expected engagement: {interactions(learned.interactions)} interactions over "
        f"{learned.posts} posts (a typical post at each posting time, as learned)"
    )
    if plain is not None:
        line += (
            f"; the same weeks planned without --learn: {interactions(plain.interactions)} "
            f"over {plain.posts} posts"
        )
        if plain.interactions > 0:
            change = learned.interactions / plain.interactions - 1
            line += f" ({change:+.1%})"
    say(err, line + ".")
    if learned.uncounted:
        many = learned.uncounted != 1
        say(
            err,
            f"{learned.uncounted} planned post{'s' if many else ''} on platforms without "
            f"results {'are' if many else 'is'} not counted.",
        )
    if note:
        say(err, note)
