"""The hard constraints of `plan`: one function per family of checks
(docs/reference.md#checks)
at error severity. Each function reads the problem and adds to a
``PlanModel``; each rule instance it adds is named by a ``Rule`` so that the
explaining model can put an assumption on it.

Per-post rules (quiet hours, blackouts, formats, title length, campaign
phases, expiry, a topic's age against pinned posts) close slots and are
applied where the placement variables are made (``slots``, ``items``,
``build``). What binds several posts at once is here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from functools import partial

from contentplan.checks.cadence import week_minimum
from contentplan.checks.duplicate import clash, title_key
from contentplan.core.clock import week_name
from contentplan.plan.build import PlanModel
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import add_band, band_rule, cadence_capacity, sum_of
from contentplan.plan.groups import MixGroup, group_band, mix_groups
from contentplan.plan.items import max_age, topic_spans
from contentplan.plan.problem import Rule
from contentplan.plan.slots import min_gap


def add_all(pm: PlanModel) -> None:
    """Every family, in the order of docs/reference.md#checks."""
    for family in FAMILIES:
        family(pm)


# -- mix and mix-brand -------------------------------------------------------


def mix(pm: PlanModel) -> None:
    """Mix bands (docs/reference.md#the-mix-band) for every group, counting pinned posts."""
    platforms = {slot.platform for slot in pm.slots}
    for group in mix_groups(pm.problem, platforms):
        slots = pm.slots_where(group.platform, group.start, group.end)
        capacity = _capacity(pm, slots, group)
        counts = {
            pillar: group.pinned.get(pillar, 0) + sum_of(pm.pattern_in(slots, pillar))
            for pillar in group.target
        }
        total = group.pinned_total + sum_of(pm.pattern_in(slots))
        add_band(
            pm,
            counts,
            total,
            range(group.pinned_total, group.pinned_total + capacity + 1),
            partial(group_band, pm.problem, group),
            partial(band_rule, group),
        )


def _capacity(pm: PlanModel, slots: Sequence[int], group: MixGroup) -> int:
    """How many new posts the group can hold at most: a bound on N, so the
    size literals stay few. The optimising model also counts cadence limits."""
    fillable = [s for s in slots if pm.slot_items[s]]
    bound = min(len(fillable), len({i for s in fillable for i in pm.slot_items[s]}))
    if pm.gated or not pm.problem.enforced("cadence"):
        return bound
    per_day = Counter((pm.slots[s].platform, pm.slots[s].day) for s in fillable)
    pinned = Counter((post.platform, post.local.date()) for post in pm.problem.pinned)
    days = {key: (count, 0) for key, count in per_day.items()}
    return min(bound, cadence_capacity(days, pinned, pm.problem.rules.platforms))


# -- cadence -------------------------------------------------------------------


def cadence(pm: PlanModel) -> None:
    """``max_per_day`` per local day, ``max_per_week`` and ``min_per_week`` per
    ISO week, pinned posts included. ``min_per_week`` binds every planned week,
    posts or none, for platforms the rules file names (docs/reference.md#checks)."""
    problem = pm.problem
    if not problem.enforced("cadence"):
        return
    platforms = sorted({slot.platform for slot in pm.slots} | set(problem.rules.planning_platforms))
    for platform in platforms:
        profile = problem.rules.platforms.get(platform)
        if profile is None:
            continue
        pinned = pm.pinned_on(platform)
        minimum = week_minimum(problem.rules, platform)
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
            if minimum is not None:
                pm.require(
                    used >= minimum,
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
            for a in range(len(cells)):
                near = _clashing(pm, cells, a)
                if len({i for i, _ in near}) > 1:
                    pm.require(
                        sum_of([pm.x_slot[cell] for cell in near]) <= 1,
                        Rule("duplicate", platform=platform),
                    )


def _clashing(
    pm: PlanModel, cells: Sequence[tuple[datetime, int, int]], a: int
) -> list[tuple[int, int]]:
    """The (item, slot) cells from ``cells[a]`` on that clash with it by the
    duplicate check's own test. ``cells`` are in time order, so the first
    cell too late ends them."""
    start, first, _ = cells[a]
    title = pm.items[first].title
    near = []
    for local, i, s in cells[a:]:
        if not clash(title, start, pm.items[i].title, local):
            break
        near.append((i, s))
    return near


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
            + sum_of(pm.pattern_in(slots, pillar))
            for pillar in problem.rules.pillars
        }
        rule = Rule("role-fit", platform=platform)
        leads = [pm.model.new_bool_var(f"leads[{platform},{p}]") for p in top]
        pm.model.add_bool_or(leads).only_enforce_if(pm.enforce(rule))
        for lead, pillar in zip(leads, top, strict=True):
            for other in problem.rules.pillars:
                if other != pillar:
                    pm.model.add(counts[pillar] >= counts[other]).only_enforce_if(lead)


FAMILIES: tuple[Callable[[PlanModel], None], ...] = (
    mix,
    cadence,
    spacing,
    topics,
    duplicates,
    role_fit,
)
