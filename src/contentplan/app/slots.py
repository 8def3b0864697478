"""`slots` below the command line: the calendars and results read, and for
each brand and platform what the results say about its posting times
(``stats.suggest``).

Errors are ``AppError`` (exit 2 at the command line)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from contentplan.app import inputs
from contentplan.app.errors import AppError
from contentplan.app.learned import learn_from
from contentplan.core.model import Brand
from contentplan.stats.suggest import BrandSlots, Suggestion, suggest

# Where the results are looked for when --results is not given.
RESULTS = Path("results")


def read(
    paths: Sequence[Path], results: Sequence[Path], rules: str | None, brand: str | None
) -> list[Brand]:
    """The brands of the calendars under ``paths`` (as `check` finds them),
    or the one --brand names; an error when there are none or they have
    problems."""
    found, looked = inputs.calendars([str(p) for p in paths], inputs.settings(), rules)
    inputs.stop_on_problems(found.problems)
    if not found.brands:
        raise AppError(
            f"no calendar found in {looked}: name the calendars whose posts the results "
            "measured (.yaml files with `posts:`, or folders that hold them)"
        )
    if brand is None:
        return list(found.brands)
    chosen = [each for each in found.brands if each.name == brand]
    if not chosen:
        names = ", ".join(sorted(each.name for each in found.brands))
        raise AppError(f"--brand {brand}: the calendars read hold only brands {names}")
    return chosen


def results_paths(given: Sequence[Path]) -> list[Path]:
    """--results, else the results/ folder here."""
    if given:
        return list(given)
    if RESULTS.is_dir():
        return [RESULTS]
    raise AppError(
        "no results to learn from: give --results with the results files or their folder "
        "(e.g. --results results/), or keep them in a results/ folder here"
    )


def slots(
    brands: Sequence[Brand],
    every: Sequence[Brand],
    results: Sequence[Path],
    platforms: Sequence[str],
    top: int,
) -> list[BrandSlots]:
    """For each brand, each platform's suggestion (those of ``platforms``,
    else the planning platforms of its rules and those of its results)."""
    posts = [post for each in every for post in each.posts]
    shown: list[BrandSlots] = []
    for brand in brands:
        learning = learn_from(results, posts, brand.name)
        models = learning.learned.platforms
        names = list(platforms) or sorted(set(brand.rules.planning_platforms) | set(models))
        found: list[Suggestion] = []
        without: list[str] = []
        for name in names:
            profile = brand.rules.platforms.get(name)
            current = profile.slots if profile is not None else ()
            if name in models:
                found.append(suggest(models[name], current, top))
            elif profile is not None:
                without.append(name)
        shown.append(BrandSlots(brand, learning, tuple(found), tuple(without)))
    return shown
