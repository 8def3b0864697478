"""Repairs as the spec speaks of them: a calendar and rules as YAML, read by
the real loaders, every repair judged by the checks themselves, and small
cases compared with an exhaustive search over every assignment of posts to
their places (the independent reference for "fewest moves")."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from contentplan.checks.engine import run_checks
from contentplan.core.clock import localize, week_name
from contentplan.core.model import Brand, Post, Violation
from contentplan.load.gather import gather

ZONE = "Asia/Shanghai"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(calendar: Path, rules: Path | None = None) -> Brand:
    found = gather([str(calendar)], rules_option=str(rules) if rules else None)
    assert not found.problems, found.problems
    return found.brands[0]


def errors(brand: Brand) -> list[Violation]:
    return [v for v in run_checks([brand]) if v.severity == "error"]


def instants(brand: Brand) -> dict[str, datetime]:
    """post id -> local wall clock."""
    return {post.id: post.local for post in brand.posts}


@dataclass(frozen=True)
class Reference:
    """The best assignments of an exhaustive search."""

    least_errors: int
    least_moves: int  # among assignments with least_errors
    least_shift: int  # minutes, among those with least_moves


def places(brand: Brand, post: Post, across: bool) -> list[datetime]:
    """Where fix may put a post, computed independently: its own time, then
    every slot of its platform in its ISO week (every week of the calendar
    with ``across``), except its own time and the times of posts that never
    move on that platform."""
    rules = brand.rules
    profile = rules.platforms[post.platform]
    movable = post.status != "published" and (
        post.platform in (rules.planning_platforms or {p.platform for p in brand.posts})
    )
    if not movable or not profile.slots:
        return [post.local]
    days = [p.local.date() for p in brand.posts]
    first, last = min(days), max(days)
    first -= timedelta(days=first.weekday())
    held = {
        p.local for p in brand.posts if p.platform == post.platform and (p.status == "published")
    }
    found = [post.local]
    day = first
    while day <= last or day.weekday() != 0:
        if across or week_name(day) == week_name(post.local.date()):
            for clock in sorted(set(profile.slots)):
                moment = datetime.combine(day, clock)
                if moment != post.local and moment not in held:
                    found.append(moment)
        day += timedelta(days=1)
    return found


def assignments(brand: Brand, across: bool) -> Iterator[tuple[Post, ...]]:
    """Every assignment where no moved post shares its platform's time with
    another post (fix's "a slot is one post")."""
    zone = brand.zone
    options = [places(brand, post, across) for post in brand.posts]
    for choice in itertools.product(*options):
        moved = [
            (post.platform, when)
            for post, when in zip(brand.posts, choice, strict=True)
            if when != post.local
        ]
        taken = [(post.platform, when) for post, when in zip(brand.posts, choice, strict=True)]
        if any(taken.count(spot) > 1 for spot in moved):
            continue
        yield tuple(
            post if when == post.local else replace(post, local=when, instant=localize(when, zone))
            for post, when in zip(brand.posts, choice, strict=True)
        )


def exhaustive(brand: Brand, across: bool = False) -> Reference:
    best: tuple[int, int, int] | None = None
    originals = {post.id: post for post in brand.posts}
    for posts in assignments(brand, across):
        moved = [p for p in posts if p.local != originals[p.id].local]
        shift = sum(
            abs(int((p.instant - originals[p.id].instant).total_seconds())) // 60 for p in moved
        )
        candidate = replace(brand, posts=tuple(sorted(posts, key=lambda p: p.sort_key)))
        score = (len(errors(candidate)), len(moved), shift)
        if best is None or score < best:
            best = score
    assert best is not None
    return Reference(*best)


def combinations(brand: Brand, across: bool = False) -> int:
    total = 1
    for post in brand.posts:
        total *= len(places(brand, post, across))
    return total


def day(text: str) -> date:
    return date.fromisoformat(text)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def ids(violations: Sequence[Violation]) -> list[tuple[str, tuple[str, ...]]]:
    return [(v.check, v.post_ids) for v in violations]
