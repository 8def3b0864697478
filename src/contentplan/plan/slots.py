"""Candidate slots: the posting times of each planning platform, every day of
the planned weeks (docs/plan.md "Slots").

A platform's ``slots:`` are wall-clock times. A time that does not exist that
day (a DST gap) is skipped. A time that happens twice (a DST overlap) takes
its first occurrence and is written with its offset, so the calendar stays
unambiguous. A slot that a pinned post of the platform already holds is not
offered again.

What else closes a slot is a rule, not a fact: quiet hours, a blackout, or a
pinned post closer than ``min_gap``. Each such slot carries the rules that
close it. The optimising model drops it; the explaining model keeps it and
closes it only while that rule's assumption holds, so that an infeasibility
core can name the rule.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from contentplan.checks.quiet_hours import quiet_at
from contentplan.checks.spacing import gap_for, too_close
from contentplan.core.model import Post
from contentplan.plan.problem import PlanProblem, Rule, Slot

ClosedSlot = tuple[Slot, tuple[Rule, ...]]


def candidate_slots(problem: PlanProblem) -> list[ClosedSlot]:
    """Every slot of the planned weeks, in docs/plan.md order (date, time,
    platform), with the rules that close it (empty when it is open)."""
    held = {(post.platform, post.instant) for post in problem.pinned}
    pinned_by_platform = _pinned_by_platform(problem)
    found: list[ClosedSlot] = []
    for day in problem.days:
        for platform in problem.platforms:
            profile = problem.rules.platforms.get(platform)
            if profile is None:
                continue
            for clock in sorted(set(profile.slots)):
                slot = slot_at(problem, platform, datetime.combine(day, clock))
                if slot is None or (platform, slot.instant) in held:
                    continue
                closed = (
                    _quiet(problem, slot)
                    + _blackouts(problem, slot)
                    + _spacing(problem, slot, pinned_by_platform.get(platform, ()))
                )
                found.append((slot, closed))
    found.sort(key=lambda pair: pair[0].order)
    return found


def slot_at(problem: PlanProblem, platform: str, local: datetime) -> Slot | None:
    zone = problem.zone
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    instant = first.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        return None  # a DST gap: the wall clock skips this time
    offset = None
    if first.utcoffset() != second.utcoffset():
        offset = _offset_text(first.utcoffset())
    return Slot(platform=platform, local=local, instant=instant, offset=offset)


def _offset_text(delta: timedelta | None) -> str:
    minutes = int(delta.total_seconds()) // 60 if delta is not None else 0
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _pinned_by_platform(problem: PlanProblem) -> dict[str, tuple[Post, ...]]:
    grouped: dict[str, list[Post]] = defaultdict(list)
    for post in problem.pinned:
        grouped[post.platform].append(post)
    return {platform: tuple(posts) for platform, posts in grouped.items()}


def _quiet(problem: PlanProblem, slot: Slot) -> tuple[Rule, ...]:
    if not problem.enforced("quiet-hours"):
        return ()
    if quiet_at(problem.rules, slot.platform, slot.local) is not None:
        return (Rule("quiet-hours", platform=slot.platform),)
    return ()


def _blackouts(problem: PlanProblem, slot: Slot) -> tuple[Rule, ...]:
    if not problem.enforced("blackout"):
        return ()
    zone = problem.zone
    return tuple(
        Rule("blackout", platform=None, index=index)
        for index, blackout in enumerate(problem.rules.blackouts)
        if blackout.covers(slot.platform, slot.local, zone)
    )


def _spacing(problem: PlanProblem, slot: Slot, pinned: tuple[Post, ...]) -> tuple[Rule, ...]:
    """A pinned post closer than ``min_gap`` closes the slot, unless that post
    ignores `spacing` (then no violation that names it is reported)."""
    if not problem.enforced("spacing"):
        return ()
    gap = gap_for(problem.rules, slot.platform)
    if gap is None:
        return ()
    for post in pinned:
        if "spacing" not in post.ignore and too_close(post.instant, slot.instant, gap):
            return (Rule("spacing", platform=slot.platform),)
    return ()


def min_gap(problem: PlanProblem, platform: str) -> int | None:
    """The platform's ``min_gap`` in seconds when `spacing` binds, else None."""
    if not problem.enforced("spacing"):
        return None
    gap = gap_for(problem.rules, platform)
    return None if gap is None else int(gap.total_seconds())
