"""Independent parts of a repair, solved one by one.

Two movable posts *touch* when one rule could judge them together, whatever
their moves: the same platform and day (cadence, one post per slot), times
of one platform closer than ``min_gap``, one title on one platform within 7
days, one mix group (when a move can change a window's counts), one week of
a platform (weekly cadence, with --across-weeks), one hot topic. Posts that
never touch, directly or through others, form separate parts.

Every level of the objective is a sum over posts and rules, so for separate
parts the best repair of the whole is the best repair of each part: fewest
violations left, then fewest moves, then least shift, each summed. The
tie-break compares posts in id order, each by its own choice, so the
smallest whole assignment is made of each part's smallest one. A part is
solved as its own problem, the other parts' posts fixed where they are:
they touch none of its posts, so no rule of the part sees them move.

A month of one platform in one part solves in a fraction of the time the
whole year would take, and the tie-break (one solve per few posts) no
longer pays for the whole calendar in each of its solves.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import replace
from datetime import timedelta

from contentplan.checks.duplicate import SPAN as DUPLICATE_SPAN
from contentplan.checks.duplicate import title_key
from contentplan.core.clock import week_name, window_name
from contentplan.plan.items import max_age
from contentplan.plan.repair.problem import Candidate, RepairProblem, local_seconds
from contentplan.plan.slots import min_gap

_DAY = int(timedelta(days=1).total_seconds())


def split(problem: RepairProblem) -> list[RepairProblem]:
    """The parts of a repair, in the order of their first post id; one part
    (the problem itself) when everything touches."""
    candidates = list(problem.movable)
    if len(candidates) < 2:
        return [problem]
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Hashable, int] = {}
    for i, candidate in enumerate(candidates):
        for key in _touches(problem, candidate):
            j = first.setdefault(key, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Candidate]] = {}
    for i, candidate in enumerate(candidates):
        groups.setdefault(root(i), []).append(candidate)
    if len(groups) == 1:
        return [problem]
    parts: list[RepairProblem] = []
    for members in sorted(groups.values(), key=lambda group: min(c.post.id for c in group)):
        inside = {candidate.post.id for candidate in members}
        others = tuple(c.post for c in candidates if c.post.id not in inside)
        fixed = problem.fixed + others
        view = problem.view
        parts.append(
            replace(
                problem,
                movable=tuple(members),
                fixed=fixed,
                plan=replace(
                    view,
                    pinned=fixed,
                    platforms=tuple(sorted({c.post.platform for c in members})),
                ),
            )
        )
    return parts


def _touches(problem: RepairProblem, candidate: Candidate) -> Iterator[Hashable]:
    """Keys that two posts share when a rule may judge them together. Two
    times closer than a span share a bucket: each time goes in the bucket of
    its span and the next one."""
    post = candidate.post
    platform = post.platform
    rules = problem.rules
    view = problem.view
    gap = min_gap(view, platform) if problem.enforced("spacing") else None
    duplicate = problem.enforced("duplicate") and "duplicate" not in post.ignore
    span = int(DUPLICATE_SPAN.total_seconds())
    title = title_key(post.title)
    mix = not problem.mix_constant and (problem.enforced("mix") or problem.enforced("mix-brand"))
    weekly = problem.enforced("cadence") and not problem.weekly_counts_constant
    if post.topic is not None and max_age(view) is not None:
        yield ("topic", post.topic)
    for option in candidate.options:
        slot = option.slot
        yield ("day", platform, slot.day)
        if gap is not None:
            bucket = slot.seconds // gap
            yield ("gap", platform, bucket)
            yield ("gap", platform, bucket + 1)
        if duplicate:
            bucket = local_seconds(slot.local) // span
            yield ("title", platform, title, bucket)
            yield ("title", platform, title, bucket + 1)
        if mix:
            window = window_name(slot.day, rules.mix.window)
            yield ("mix", platform, window)
            yield ("mix-brand", window)
        if weekly:
            yield ("week", platform, week_name(slot.day))
