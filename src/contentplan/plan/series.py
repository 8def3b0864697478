"""Series instances, filled before anything else is planned (docs/plan.md).

Every instance of a series of the rules in the planned weeks, on a platform
being planned, that no blackout excuses (``core.series.instances``, the one
definition) and that no pinned post of the series already fills (one on the
series' platform that day, as the `series` check counts it), gets a post at
exactly the series' time on its platform, whether or not that time is one
of the platform's slots (a time the clocks skip is read as the check reads
it: with the offset before the change):

- from the best backlog item of the series that may go there (priority,
  then id; its platforms, earliest/latest days and expiry kept, and every
  rule on the item itself: format, title length, campaign phase, duplicate
  titles), each item once;
- else a placeholder that says what to produce (``To write: NAME for
  DATE``) with the series' pillar, marked ``placeholder: true``.

Those posts are then pinned: the rest of the plan counts them in the mix,
cadence, spacing and every other rule, as it counts posts of the calendar.
Items of a series are never placed as ordinary items.

Whether the series posts themselves keep the rules is judged by the checks
(the pinned posts and the series posts together, as `plan` judges pinned
posts: the mix, role-fit and ``min_per_week`` left out, which later posts
can mend).
An error that names a series post is a conflict: no schedule fills every
instance, and `plan` says which instance and which rule.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from contentplan.checks.title_length import over_length
from contentplan.core.model import Brand, Calendar, Post, Series, Where
from contentplan.core.series import Instance, instance_days, instances
from contentplan.plan.items import Eligibility
from contentplan.plan.problem import Placement, PlanItem, PlanProblem, Slot
from contentplan.plan.slots import slot_at

# Left out when the series posts are judged: what the posts planned after
# them can mend (the mix, role-fit), and the placeholders' own warning.
_MENDABLE = ("mix", "mix-brand", "role-fit", "placeholder")


@dataclass(frozen=True)
class SeriesPlan:
    """The series posts of a plan, and the plan of everything else."""

    placements: tuple[Placement, ...]
    rest: PlanProblem  # the series posts pinned, the items of series left out
    conflicts: tuple[str, ...] = ()  # why an instance cannot be filled


def due(problem: PlanProblem) -> list[Instance]:
    """The instances plan fills: in the planned weeks, on a planned platform,
    not excused by a blackout, not filled by a pinned post of the series
    (one on its day). In date, time and series-name order."""
    first, last = problem.weeks[0], problem.weeks[-1] + timedelta(days=6)
    platform_of = {name: series.platform for name, series in problem.rules.series.items()}
    filled = {
        (post.series, post.local.date())
        for post in problem.pinned
        if post.series is not None and platform_of.get(post.series) == post.platform
    }
    found = [
        instance
        for name in sorted(problem.rules.series)
        if problem.rules.series[name].platform in problem.platforms
        for instance in instances(
            problem.rules.series[name], first, last, problem.rules.blackouts, problem.zone
        )
        if instance.excused_by is None and (name, instance.day) not in filled
    ]
    found.sort(key=lambda instance: (instance.local, instance.series.name))
    return found


def settle_series(problem: PlanProblem) -> SeriesPlan:
    """The series posts of ``problem`` and the problem left for the rest."""
    others = tuple(item for item in problem.items if item.series is None)
    wanted = due(problem)
    if not wanted:
        return SeriesPlan((), replace(problem, items=others))
    eligibility = Eligibility(problem)
    taken = {post.id for post in problem.pinned} | {item.id for item in problem.items}
    used: set[str] = set()
    placements: list[Placement] = []
    conflicts: list[str] = []
    for instance in wanted:
        series = instance.series
        slot = series_slot(problem, series.platform, instance.local)
        chosen = _backlog_item(problem, eligibility, series, slot, used)
        if chosen is None:
            chosen = _placeholder(problem, series, slot, taken)
        else:
            used.add(chosen.id)
        taken.add(chosen.id)
        placements.append(Placement(chosen, slot))
    posts = tuple(placement.post(problem.brand) for placement in placements)
    pinned = tuple(sorted((*problem.pinned, *posts), key=lambda post: post.sort_key))
    conflicts += _broken(problem, pinned, {post.id: post for post in posts})
    rest = replace(problem, pinned=pinned, items=others)
    return SeriesPlan(tuple(placements), rest, tuple(conflicts))


def series_slot(problem: PlanProblem, platform: str, local: datetime) -> Slot:
    """The slot of a series' wall-clock time: as ``slots.slot_at`` makes
    slots (a time that happens twice takes its first occurrence), and a time
    the clocks skip read with the offset before the change, as the `series`
    check reads it (02:30 the night clocks go from 02:00 to 03:00 is 03:30)."""
    slot = slot_at(problem, platform, local)
    if slot is not None:
        return slot
    instant = local.replace(tzinfo=problem.zone).astimezone(UTC)
    return Slot(platform, instant.astimezone(problem.zone).replace(tzinfo=None), instant)


def _backlog_item(
    problem: PlanProblem, eligibility: Eligibility, series: Series, slot: Slot, used: set[str]
) -> PlanItem | None:
    """The best item of the series that may fill ``slot``: highest priority,
    then smallest id, not yet used; none that a rule on the item keeps out."""
    pinned = {post.id for post in problem.pinned}
    candidates = sorted(
        (
            item
            for item in problem.items
            if item.series == series.name and item.id not in used and item.id not in pinned
        ),
        key=lambda item: (-item.priority, item.id),
    )
    for item in candidates:
        if eligibility.closing(item, slot):
            continue
        return item
    return None


def _placeholder(problem: PlanProblem, series: Series, slot: Slot, taken: set[str]) -> PlanItem:
    ident = placeholder_id(series.name, slot.day)
    n = 2
    while ident in taken:
        ident = f"{placeholder_id(series.name, slot.day)}-{n}"
        n += 1
    return PlanItem(
        id=ident,
        pillar=series.pillar,
        title=placeholder_title(problem, series, slot),
        series=series.name,
        placeholder=True,
    )


def placeholder_title(problem: PlanProblem, series: Series, slot: Slot) -> str:
    """``To write: weekly-tutorial for 2025-03-04``, or a shorter form where
    the platform's ``max_title`` is tighter, so that it still fits; every
    form names the series and the day."""
    forms = (
        f"To write: {series.name} for {slot.day.isoformat()}",
        f"To write: {series.name} {slot.day:%m-%d}",
        f"{series.name} {slot.day:%m-%d}",
        f"{series.name}{slot.day:%m%d}",
    )
    profile = problem.rules.platforms.get(slot.platform)
    for form in forms:
        if over_length(form, profile) is None:
            return form
    return forms[0]  # nothing fits: the title-length rule names the conflict


def placeholder_id(name: str, day: date) -> str:
    """``series-weekly-tutorial-2025-03-04``; a name with characters a post
    id does not allow is written with them replaced and a short digest of
    the name, so that two such series never share an id."""
    safe = _ID_UNSAFE.sub("-", name).strip("-")
    if safe != name:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        safe = f"{safe[:40]}-{digest}".lstrip("-")
    return f"series-{safe}-{day.isoformat()}"


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+", re.ASCII)


def _broken(problem: PlanProblem, pinned: tuple[Post, ...], new: dict[str, Post]) -> list[str]:
    """Errors the checks find that name a series post: the pinned posts and
    the series posts together, what later posts can mend left out."""
    from contentplan.checks.engine import run_checks

    rules = problem.rules
    without_minimum = {
        name: replace(profile, min_per_week=None) for name, profile in rules.platforms.items()
    }
    where = Where("<plan>", 0, 0)
    calendar = Calendar("<plan>", "<plan>", problem.brand, problem.timezone, pinned, where)
    brand = Brand(
        problem.brand,
        problem.timezone,
        replace(rules, platforms=without_minimum),
        pinned,
        (calendar,),
    )
    sentences: list[tuple[datetime, str]] = []
    for violation in run_checks([brand], ignore=_MENDABLE, ends=False):
        if violation.severity != "error":
            continue
        named = [new[ident] for ident in violation.post_ids if ident in new]
        if not named:
            continue
        post = named[0]
        sentence = (
            f"series {post.series} on {post.platform} at {post.local:%Y-%m-%d %H:%M} cannot "
            f"be placed: [{violation.check}] {violation.message}. Change the series (its "
            f"`at:`, or add {post.local.date()} to its `skip:`) or that rule"
        )
        sentences.append((post.local, sentence))
    return [sentence for _, sentence in sorted(sentences)]  # in time order


def off_time(series: Series, slot: Slot, zone: ZoneInfo) -> bool:
    """Whether a post of the series at ``slot`` lies on one of its days but
    further from its time than the series' ``tolerance``, in elapsed time
    (as the `series` check measures it)."""
    day = slot.local.date()
    if day not in set(instance_days(series, day, day)):
        return False
    target = datetime.combine(day, series.at).replace(tzinfo=zone).astimezone(UTC)
    return abs(slot.instant - target) > series.tolerance


def series_time(problem: PlanProblem, post: Post) -> list[Slot] | None:
    """Where `fix` may move a post of a series: None for a post of no series
    in the rules (any slot, as for every post); else its series time on its
    own day when that is one of the series' days and the post is not there
    already (one slot, that need not be one of the platform's slots), else
    nowhere: a series post never leaves its series time."""
    series = problem.rules.series.get(post.series) if post.series is not None else None
    if series is None:
        return None
    day = post.local.date()
    if day not in set(instance_days(series, day, day)):
        return []
    slot = series_slot(problem, post.platform, datetime.combine(day, series.at))
    return [] if slot.instant == post.instant else [slot]
