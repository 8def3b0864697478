"""Results read and learned from, for `plan --learn` and `slots --suggest`
(docs/plan.md#learning-from-results).

The results files name posts by id; the calendars say when each went out and
on which platform. Rows that name no post of the calendars read (or a post
measured before it went out) are reported, one line each, and left out of the
learning; they never stop the run. A results file that cannot be read is an
input error (exit 2), as a calendar is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from contentplan.app import inputs

if TYPE_CHECKING:
    from contentplan.core.model import Post, Rules
    from contentplan.stats.learn import Learning, SlotKey


def learn_from(results: Sequence[Path], posts: Sequence[Post], brand: str) -> Learning:
    """Read the results files (files or folders), match them to ``posts``
    (every brand's, so that another brand's rows are told apart from rows
    that name no post), and learn from brand ``brand``'s."""
    from contentplan.load.results import attach, read_results
    from contentplan.stats.learn import Learning, learn

    measurements, problems = read_results([str(path) for path in results])
    inputs.stop_on_problems(problems)
    outcomes, unmatched = attach(posts, measurements)
    warnings = tuple(
        inputs.problem_text(
            dataclasses.replace(p, message=f"warning: {p.message}; this row is left out")
        )
        for p in sorted(unmatched, key=lambda p: (p.file, p.line, p.column))
    )
    mine = [outcome for outcome in outcomes if outcome.post.brand == brand]
    return Learning(learn(mine), len(mine), warnings)


def slot_keys(rules: Rules, platforms: Iterable[str]) -> list[SlotKey]:
    """Every (platform, weekday, wall clock) the rules' slots offer."""
    keys: list[SlotKey] = []
    for platform in platforms:
        profile = rules.platforms.get(platform)
        if profile is None:
            continue
        for clock in sorted(set(profile.slots)):
            keys.extend((platform, weekday, clock) for weekday in range(7))
    return keys
