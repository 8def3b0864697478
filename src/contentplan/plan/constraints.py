"""The hard constraints of `plan`: one function per family of SPEC §4 checks
at error severity. Each function reads the problem and adds to a
``PlanModel``; each rule instance it adds is named by a ``Rule`` so that the
explaining model can put an assumption on it.

Per-post rules (quiet hours, blackouts, formats, title length, campaign
phases, expiry, a topic's age against pinned posts) close slots and are
applied where the placement variables are made (``slots``, ``items``,
``build``). What binds several posts at once is here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from contentplan.checks.duplicate import SPAN as DUPLICATE_SPAN
from contentplan.checks.duplicate import title_key
from contentplan.core.band import Band
from contentplan.core.clock import week_name
from contentplan.plan.build import PlanModel
from contentplan.plan.cpsat import cp_model
from contentplan.plan.groups import MixGroup, group_band, mix_groups
from contentplan.plan.items import max_age, topic_spans
from contentplan.plan.problem import Rule
from contentplan.plan.slots import min_gap


def add_all(pm: PlanModel) -> None:
    """Every family, in the order of SPEC §4."""
    for family in FAMILIES:
        family(pm)


# -- mix and mix-brand -------------------------------------------------------


def mix(pm: PlanModel) -> None:
    """SPEC §3.1 bands for every group, counting pinned posts."""
    platforms = {slot.platform for slot in pm.slots}
    for group in mix_groups(pm.problem, platforms):
        slots = pm.slots_where(group.platform, group.start, group.end)
        capacity = _capacity(pm, slots, group)
        counts = {
            pillar: group.pinned.get(pillar, 0) + _sum(pm.pattern_in(slots, pillar))
            for pillar in group.target
        }
        total = group.pinned_total + _sum(pm.pattern_in(slots))
        add_band(
            pm,
            counts,
            total,
            range(group.pinned_total, group.pinned_total + capacity + 1),
            partial(group_band, pm.problem, group),
            partial(_band_rule, group),
        )


def _band_rule(group: MixGroup, pillar: str, side: str) -> Rule:
    return Rule(f"band-{side}", platform=group.platform, window=group.window, pillar=pillar)


def add_band(
    pm: PlanModel,
    counts: dict[str, Any],
    total: Any,
    sizes: range,
    band_of: Callable[[int], Band],
    rule_of: Callable[[str, str], Rule],
) -> dict[int, Any]:
    """The band as the checker computes it, exactly: one literal per possible
    group size N, exactly one of them true, and each pillar's count between
    the bounds that ``band_of(N)`` (``band.mix_band``) gives for that N.

    The bounds are written as sums over the size literals, Σ lo(N)·[N], so
    the LP relaxation sees them too. Returns the size literals."""
    model = pm.model
    size = {n: model.new_bool_var(f"size={n}") for n in sizes}
    model.add_exactly_one(size.values())
    model.add(cp_model.LinearExpr.weighted_sum(list(size.values()), list(size)) == total)
    bands = {n: band_of(n) for n in size}
    for pillar, count in counts.items():
        lows = [bands[n][pillar][0] for n in size]
        highs = [bands[n][pillar][1] for n in size]
        literals = list(size.values())
        pm.require(
            count >= cp_model.LinearExpr.weighted_sum(literals, lows), rule_of(pillar, "min")
        )
        pm.require(
            count <= cp_model.LinearExpr.weighted_sum(literals, highs), rule_of(pillar, "max")
        )
    return size


def _capacity(pm: PlanModel, slots: Sequence[int], group: MixGroup) -> int:
    """How many new posts the group can hold at most: a bound on N, so the
    size literals stay few. The optimising model also counts cadence limits."""
    fillable = [s for s in slots if pm.slot_items[s]]
    bound = min(len(fillable), len({i for s in fillable for i in pm.slot_items[s]}))
    if pm.explain or not pm.problem.enforced("cadence"):
        return bound
    by_platform: dict[str, list[int]] = defaultdict(list)
    for s in fillable:
        by_platform[pm.slots[s].platform].append(s)
    total = 0
    for platform, indices in by_platform.items():
        total += _platform_capacity(pm, platform, indices)
    return min(bound, total)


def _platform_capacity(pm: PlanModel, platform: str, slots: Sequence[int]) -> int:
    profile = pm.problem.rules.platforms[platform]
    by_day: dict[Any, int] = defaultdict(int)
    for s in slots:
        by_day[pm.slots[s].day] += 1
    by_week: dict[str, int] = defaultdict(int)
    for day, count in by_day.items():
        if profile.max_per_day is not None:
            pinned = sum(1 for p in pm.pinned_on(platform) if p.local.date() == day)
            count = max(0, min(count, profile.max_per_day - pinned))
        by_week[week_name(day)] += count
    total = 0
    for week, count in by_week.items():
        if profile.max_per_week is not None:
            pinned = sum(1 for p in pm.pinned_on(platform) if week_name(p.local.date()) == week)
            count = max(0, min(count, profile.max_per_week - pinned))
        total += count
    return total


# -- cadence -------------------------------------------------------------------


def cadence(pm: PlanModel) -> None:
    """``max_per_day`` per local day, ``max_per_week`` and ``min_per_week`` per
    ISO week, pinned posts included. ``min_per_week`` binds every planned week,
    posts or none, for platforms the rules file names (SPEC §4)."""
    problem = pm.problem
    if not problem.enforced("cadence"):
        return
    platforms = sorted({slot.platform for slot in pm.slots} | set(problem.rules.planning_platforms))
    for platform in platforms:
        profile = problem.rules.platforms.get(platform)
        if profile is None:
            continue
        pinned = pm.pinned_on(platform)
        if profile.max_per_day is not None:
            for day in problem.days:
                slots = pm.by_platform_day.get((platform, day), [])
                if not slots:
                    continue
                held = sum(1 for post in pinned if post.local.date() == day)
                used = cp_model.LinearExpr.sum([pm.used[s] for s in slots])
                pm.require(
                    used <= profile.max_per_day - held, Rule("max-per-day", platform=platform)
                )
        for monday in problem.weeks:
            week = week_name(monday)
            start = datetime.combine(monday, time())
            slots = pm.slots_where(platform, start, start + timedelta(days=7))
            held = sum(1 for post in pinned if week_name(post.local.date()) == week)
            used = held + cp_model.LinearExpr.sum([pm.used[s] for s in slots])
            if profile.max_per_week is not None and slots:
                pm.require(
                    used <= profile.max_per_week,
                    Rule("max-per-week", platform=platform, window=week),
                )
            if (
                profile.min_per_week
                and profile.min_per_week > 0
                and platform in problem.rules.planning_platforms
            ):
                pm.require(
                    used >= profile.min_per_week,
                    Rule("min-per-week", platform=platform, window=week),
                )


# -- spacing -------------------------------------------------------------------


def spacing(pm: PlanModel) -> None:
    """No two posts on a platform closer than ``min_gap``. Posts closer than
    min_gap to one another form a clique: at most one of them. Pinned posts
    close the slots near them where the slots are made."""
    for platform in sorted({slot.platform for slot in pm.slots}):
        gap = min_gap(pm.problem, platform)
        if gap is None:
            continue
        slots = sorted(
            (
                s
                for s, slot in enumerate(pm.slots)
                if slot.platform == platform and pm.slot_items[s]
            ),
            key=lambda s: pm.slots[s].seconds,
        )
        reach = 0
        for a, first in enumerate(slots):
            end = a
            while (
                end + 1 < len(slots)
                and pm.slots[slots[end + 1]].seconds - pm.slots[first].seconds < gap
            ):
                end += 1
            if end > a and end > reach:
                clique = [pm.used[s] for s in slots[a : end + 1]]
                pm.require(cp_model.LinearExpr.sum(clique) <= 1, Rule("spacing", platform=platform))
                reach = end


# -- stale-trend: a topic's age --------------------------------------------------


def topics(pm: PlanModel) -> None:
    """Every post on a topic no later than max_age after the first one. With
    two or more new posts on a topic, a window start W (seconds) must exist
    with every post in [W, W + max_age]; pinned posts bound W."""
    age = max_age(pm.problem)
    if age is None:
        return
    spans = topic_spans(pm.problem)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(pm.items):
        if item.topic and pm.item_slots[i]:
            by_topic[item.topic].append(i)
    for topic, items in sorted(by_topic.items()):
        if len(items) < 2:
            continue  # one new post: the slot filter against pinned posts is exact
        rule = Rule("topic", name=topic)
        times = [pm.slots[s].seconds for i in items for s in pm.item_slots[i]]
        span = spans.get(topic)
        low, high = min(times) - age, max(times)
        if span is not None and span.first is not None:
            high = max(high, span.first)
            low = min(low, span.first - age)
        start = pm.model.new_int_var(low, high, f"topic-start[{topic}]")
        if span is not None and span.first is not None:
            pm.require(start <= span.first, rule)
        if span is not None and span.earliest is not None:
            pm.require(start >= span.earliest, rule)
        for i in items:
            for s in pm.item_slots[i]:
                seconds = pm.slots[s].seconds
                enforce = [pm.x_slot[(i, s)], *pm.enforce(rule)]
                pm.model.add(start <= seconds).only_enforce_if(enforce)
                pm.model.add(start >= seconds - age).only_enforce_if(enforce)


# -- duplicate -------------------------------------------------------------------


def duplicates(pm: PlanModel) -> None:
    """At error severity: one title (case and spaces folded, as the check
    folds them) at most once on a platform within 7 days of local time.
    Pinned posts close slots where the placements are made."""
    if not pm.problem.enforced("duplicate"):
        return
    groups: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(pm.items):
        if pm.item_slots[i]:
            groups[title_key(item.title)].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        platforms = sorted({pm.slots[s].platform for i in members for s in pm.item_slots[i]})
        for platform in platforms:
            cells = sorted(
                (pm.slots[s].local, i, s)
                for i in members
                for s in pm.item_slots[i]
                if pm.slots[s].platform == platform
            )
            for a, (start, _, _) in enumerate(cells):
                near = [(i, s) for local, i, s in cells[a:] if local - start < DUPLICATE_SPAN]
                if len({i for i, _ in near}) > 1:
                    pm.require(
                        _sum([pm.x_slot[cell] for cell in near]) <= 1,
                        Rule("duplicate", platform=platform),
                    )


# -- role-fit --------------------------------------------------------------------


def role_fit(pm: PlanModel) -> None:
    """At error severity: on a platform with a role, one of the target's
    largest pillars is among the most frequent, over all its posts."""
    problem = pm.problem
    if not problem.enforced("role-fit"):
        return
    for platform in sorted({slot.platform for slot in pm.slots}):
        profile = problem.rules.platforms.get(platform)
        if profile is None or profile.role is None:
            continue
        target = problem.rules.target_for(platform)
        top = [p for p, ratio in target.items() if ratio == max(target.values())]
        slots = [s for s, slot in enumerate(pm.slots) if slot.platform == platform]
        counts = {
            pillar: sum(1 for post in pm.pinned_on(platform) if post.pillar == pillar)
            + _sum(pm.pattern_in(slots, pillar))
            for pillar in problem.rules.pillars
        }
        rule = Rule("role-fit", platform=platform)
        leads = [pm.model.new_bool_var(f"leads[{platform},{p}]") for p in top]
        pm.model.add_bool_or(leads).only_enforce_if(pm.enforce(rule))
        for lead, pillar in zip(leads, top, strict=True):
            for other in problem.rules.pillars:
                if other != pillar:
                    pm.model.add(counts[pillar] >= counts[other]).only_enforce_if(lead)


def _sum(lits: list[Any]) -> Any:
    return cp_model.LinearExpr.sum(lits) if lits else 0


FAMILIES: tuple[Callable[[PlanModel], None], ...] = (
    mix,
    cadence,
    spacing,
    topics,
    duplicates,
    role_fit,
)
