"""`check --diff REF`: only what a change brings, where the change is.

A code-scanning alert shows in a pull request only on lines the pull
request changed, but a violation sits on the earliest post it involves,
usually an old one. So with ``--diff REF``:

1. REF's side is judged as REF was, whole: its calendars, its rules, its
   settings (their `include`, `exclude` and `rules:`), read with git
   (``app.gitref``). The same run with REF's rules is what "new since REF"
   means: a pull request that tightens the rules surfaces the violations it
   brings, and one that only moves posts surfaces only what the moves
   break. A path that did not exist at REF holds no calendar there, so every
   violation of a file added since is new; a file deleted since is fine.
2. A violation of the working tree is new when its identity (check, brand,
   platform, window, post ids: the identity baselines use) is not among
   REF's, each identity counted as often as it occurs there.
3. Each new violation is placed on a post the change added or moved: one
   whose id is new in its brand, or whose file, `at`, platform, pillar,
   format or title changed since REF (the earliest such post). A violation
   that involves no such post (the rules changed, or a post was removed)
   stays on its earliest post. SARIF names the earliest post and the other
   posts involved as related locations (``related_places``).

Where REF cannot be read (a file with a schema problem there, settings that
cannot be read), its violations are unknown, and the violations of what it
could not read count as new; ``RefSide.unread`` says so.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from contentplan.app.gitref import RefTree, ref_tree
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import Calendar, Post, Problem, Violation
from contentplan.core.text import safe_text, shown
from contentplan.load.baseline import Baseline, identity_of, recordable, split
from contentplan.load.calendar import KeyWheres
from contentplan.load.gather import Gathered
from contentplan.render.sarif import RelatedPlace

# What makes a post "the same post" at REF: where it is written and what it is.
PostKey = tuple[str, datetime, str, str, str | None, str]
PostRef = tuple[str, str]  # (brand, post id)


@dataclass(frozen=True, slots=True)
class RefSide:
    """The run as REF was: its violations, its posts, and what it could not read."""

    violations: list[Violation] = field(default_factory=list)
    posts: dict[PostRef, PostKey] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Compared:
    """The new violations, placed on the change; how many were there already."""

    new: list[Violation]
    already: int
    related: Callable[[Violation], Sequence[RelatedPlace]]


def judge_at_ref(
    ref: str,
    paths: Sequence[str] | None,
    rules_option: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    since: date | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RefSide:
    """The violations of the same check run on REF's files. A bad REF, no
    git or no repository is an ``AppError`` (exit 2)."""
    named = [*(paths or []), *([rules_option] if rules_option else [])]
    with ref_tree(ref, named, max_bytes) as tree, tree.inside():
        return _judge(tree, paths, rules_option, select, ignore, since, max_bytes)


def _judge(
    tree: RefTree,
    paths: Sequence[str] | None,
    rules_option: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    since: date | None,
    max_bytes: int,
) -> RefSide:
    from contentplan.app.inputs import settings_rules
    from contentplan.checks.engine import run_checks
    from contentplan.load.gather import discover_calendars, load_found
    from contentplan.load.settings import SettingsError, find_settings

    try:
        settings = find_settings()
    except SettingsError as error:
        return RefSide(unread=[f"the settings: {error}"])
    at_ref = [tree.at_ref(path) for path in paths or []]
    there = [path for path in at_ref if os.path.lexists(path)]
    if paths and not there:
        return RefSide()  # nothing named existed at REF: everything is new
    files, problems = discover_calendars(there, settings, max_bytes)
    # A path that did not exist at REF (a PATH, a literal `include`) holds no calendar.
    problems = [p for p in problems if p.line or os.path.lexists(p.file)]
    found = load_found(
        files,
        problems,
        rules_option=tree.at_ref(rules_option) if rules_option else None,
        settings_rules=settings_rules(settings),
        max_bytes=max_bytes,
    )
    violations = run_checks(found.brands, select=select, ignore=ignore, since=since)
    posts = {
        (calendar.brand, post.id): _key(tree.in_checkout(calendar.path), post)
        for calendar in found.calendars
        for post in calendar.posts
    }
    return RefSide(violations, posts, [_problem_line(p) for p in found.problems])


def compare(found: Gathered, violations: Sequence[Violation], ref: RefSide) -> Compared:
    """The violations of ``found`` that are new since REF, each placed on a
    post the change added or moved when it involves one, in report order."""
    known = Baseline(Counter(identity_of(v) for v in recordable(ref.violations)))
    new, already = split(violations, known)
    posts = _posts(found.calendars)
    changed = {at for at, (key, _) in posts.items() if ref.posts.get(at) != key}
    placed = [_place(v, posts, changed) for v in new]
    placed.sort(key=lambda v: v.order)
    return Compared(placed, len(already), lambda v: related_places(v, posts))


def summary_line(ref: str, compared: Compared) -> str:
    """``N new since REF (M already there, not shown).``"""
    return (
        f"{len(compared.new)} new since {shown(ref)} "
        f"({compared.already} already there, not shown)."
    )


def unread_note(ref: str, side: RefSide) -> str | None:
    """What to tell the user when part of REF could not be judged."""
    if not side.unread:
        return None
    more = len(side.unread) - 1
    return (
        f"At {shown(ref)}, part of the input could not be read ({side.unread[0]}"
        + (f"; {more} more" if more else "")
        + "): the violations there count as new."
    )


def related_places(
    violation: Violation, posts: dict[PostRef, tuple[PostKey, Post]]
) -> list[RelatedPlace]:
    """The posts of a violation other than the one it is shown on: first the
    earliest (where a run without --diff shows it), then the others."""
    if violation.brand is None or violation.check == "schema":
        return []
    involved = [
        posts[(violation.brand, i)][1] for i in violation.post_ids if (violation.brand, i) in posts
    ]
    if not involved:
        return []
    earliest = min(involved, key=_earliest)
    shown_at = (violation.file, violation.line, violation.column)
    places: list[RelatedPlace] = []
    for post in sorted(involved, key=lambda p: p is not earliest):
        if (post.file, post.where.line, post.where.column) == shown_at:
            continue
        text = (
            f"post '{post.id}', the earliest of this violation (where check without --diff "
            "shows it)"
            if post is earliest
            else f"post '{post.id}', also part of this violation"
        )
        end_line, end_column = _end(post)
        where = post.where
        places.append(
            RelatedPlace(post.id, post.file, where.line, where.column, end_line, end_column, text)
        )
    return places


def _posts(calendars: Sequence[Calendar]) -> dict[PostRef, tuple[PostKey, Post]]:
    return {
        (calendar.brand, post.id): (_key(os.path.realpath(calendar.path), post), post)
        for calendar in calendars
        for post in calendar.posts
    }


def _key(path: str, post: Post) -> PostKey:
    return (path, post.local, post.platform, post.pillar, post.format, post.title)


def _place(
    violation: Violation, posts: dict[PostRef, tuple[PostKey, Post]], changed: set[PostRef]
) -> Violation:
    if violation.brand is None or violation.check == "schema":
        return violation
    moved = [
        posts[(violation.brand, i)][1]
        for i in violation.post_ids
        if (violation.brand, i) in changed
    ]
    if not moved:
        return violation
    post = min(moved, key=_earliest)
    end_line, end_column = _end(post)
    return replace(
        violation,
        file=post.file,
        line=post.where.line,
        column=post.where.column,
        end_line=end_line,
        end_column=end_column,
    )


def _earliest(post: Post) -> tuple[datetime, int, int, str]:
    """As the checks choose the post a violation is shown on."""
    return (post.instant, post.where.line, post.where.column, post.where.file)


def _end(post: Post) -> tuple[int, int]:
    return post.keys.end_place() if isinstance(post.keys, KeyWheres) else (0, 0)


def _problem_line(problem: Problem) -> str:
    place = problem.file + (f":{problem.line}" if problem.line else "")
    return safe_text(f"{place}: {problem.message}")
