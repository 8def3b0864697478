"""The CP-SAT model of a repair: one literal per (movable post, option),
exactly one of them true, and one function per family of rules that a move
can change (docs/reference.md#checks), each honouring the posts' ``ignore:``.

**No new violation, ever.** Each family forbids what the check would report,
among every post (moving, staying or fixed). A violation the calendar has now
gets a *waiver* literal (``Waiver``) that lets it stay as it is; the first
level of the objective leaves as few of them as it can. With every waiver
true, nobody moving is a solution, so the model always has one.

**Reuse.** Slots, DST handling and the unary rules come from ``problem``
(the planner's ``candidate_slots`` and ``Eligibility``); mix groups and
bands from the planner's ``groups.mix_groups``, ``group_band`` and
``frame.add_band`` (the band as the checker computes it, one literal
per group size, docs/reference.md#the-mix-band). Spacing, duplicate titles,
cadence and hot topics are encoded here, with the checks' own tests (``too_close``,
``clash``, ``week_minimum``): the planner's versions place new items in free
slots and cannot let one existing pair stay as it is while forbidding every
new one.

**Two models.** The optimising one (``gated=False``) leaves out every move
that a unary rule forbids. The explaining one (``gated=True``) keeps them,
and every rule instance holds only under an assumption literal (the
planner's ``Rule`` objects), so that an infeasibility core names the rules
that stop a violation from being mended (``why``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from contentplan.checks.cadence import week_minimum
from contentplan.checks.duplicate import clash, title_key
from contentplan.checks.spacing import gap_for, too_close
from contentplan.core.clock import week_name
from contentplan.core.model import Post
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Frame, add_band, band_rule, cadence_capacity, sum_of
from contentplan.plan.groups import MixGroup, group_band, mix_groups
from contentplan.plan.items import max_age
from contentplan.plan.kinds import check_of
from contentplan.plan.problem import Rule
from contentplan.plan.repair.problem import (
    Candidate,
    RepairProblem,
    local_seconds,
    post_seconds,
)


@dataclass(frozen=True, slots=True)
class Waiver:
    """A violation the calendar has now, which the answer may leave as it is.

    ``check`` is the check's name; ``posts`` the ids involved, sorted;
    ``window`` the ISO week (of the first post), the mix window, or the day
    (``YYYY-MM-DD``) of a ``max_per_day`` breach; ``bound`` tells cadence's
    bounds apart (``day``, ``max-week``, ``min-week``)."""

    check: str
    posts: tuple[str, ...]
    platform: str | None = None
    window: str | None = None
    bound: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A post at one of its times on the time line: a fixed post (``lit`` is
    None, it is always there) or a movable post's option."""

    seconds: int  # where it sits on the time line (elapsed or wall-clock seconds)
    lit: Any  # a BoolVar, or None for a fixed post
    post: Post
    stay: bool
    local: datetime
    instant: datetime

    @property
    def local_day(self) -> date:
        return self.local.date()


class RepairModel(Frame):
    """Variables of one repair and the constraint families."""

    def __init__(self, problem: RepairProblem, *, gated: bool = False) -> None:
        super().__init__(gated=gated)
        self.problem = problem
        self.waivers: dict[Waiver, Any] = {}
        self.lits: list[list[Any | None]] = []
        self.candidates: list[Candidate] = list(problem.movable)
        self.moving_platforms: list[str] = sorted(
            {candidate.post.platform for candidate in self.candidates}
        )
        self._placements()
        for family in FAMILIES:
            family(self)

    # -- literals -------------------------------------------------------------

    def waiver(self, waiver: Waiver) -> Any:
        lit = self.waivers.get(waiver)
        if lit is None:
            lit = self.model.new_bool_var(f"left[{waiver.check}:{','.join(waiver.posts)}]")
            self.waivers[waiver] = lit
        return lit

    # -- placements -------------------------------------------------------------

    def _placements(self) -> None:
        """Exactly one option per movable post. Where a post breaks a unary
        rule now, it may stay, or move to a time that breaks only the checks
        it breaks now, by taking their waivers (the violation is left, not
        made); any other move that breaks a unary rule is never made."""
        model = self.model
        for candidate in self.candidates:
            post = candidate.post
            broken_now = {check_of(rule.kind) for rule in candidate.stay.breaks}
            row: list[Any | None] = []
            for option in candidate.options:
                checks = {check_of(rule.kind) for rule in option.breaks}
                keeps = checks <= broken_now
                if checks and not keeps and not self.gated:
                    row.append(None)
                    continue
                lit = model.new_bool_var(f"at[{post.id}@{option.slot.local:%Y-%m-%dT%H:%M}]")
                row.append(lit)
                for rule in option.breaks:
                    check = check_of(rule.kind)
                    gate = [self.gate(rule).Not()] if self.gated else []
                    if check in broken_now:
                        left = self.waiver(_post_waiver(check, post))
                        model.add_bool_or([lit.Not(), left, *gate])
                    else:
                        model.add_bool_or([lit.Not(), *gate])
            model.add_exactly_one([lit for lit in row if lit is not None])
            self.lits.append(row)

    def places(self, wanted: Callable[[Post], bool], wall_clock: bool = False) -> list[Place]:
        """Every fixed post and every open option of a movable post that
        ``wanted`` accepts, on the time line (elapsed seconds, or wall-clock
        seconds for rules that compare local times)."""
        found: list[Place] = []
        for post in self.problem.fixed:
            if wanted(post):
                seconds = local_seconds(post.local) if wall_clock else post_seconds(post)
                found.append(Place(seconds, None, post, True, post.local, post.instant))
        for candidate, row in zip(self.candidates, self.lits, strict=True):
            if not wanted(candidate.post):
                continue
            for option, lit in zip(candidate.options, row, strict=True):
                if lit is None:
                    continue
                seconds = local_seconds(option.slot.local) if wall_clock else option.seconds
                found.append(
                    Place(
                        seconds, lit, candidate.post, option.stay, option.slot.local,
                        option.slot.instant,
                    )
                )
        return found

    # -- what the objective reads -------------------------------------------------

    def left_expr(self) -> Any:
        """Violations left as they are."""
        return sum_of(self.waivers[w] for w in sorted(self.waivers, key=_waiver_key))

    def moves_expr(self) -> Any:
        return sum_of(
            lit for row in self.lits for k, lit in enumerate(row) if k > 0 and lit is not None
        )

    def shift_expr(self) -> Any:
        """Total shift in minutes, |new - old|."""
        lits: list[Any] = []
        weights: list[int] = []
        for candidate, row in zip(self.candidates, self.lits, strict=True):
            here = candidate.stay.seconds
            for option, lit in zip(candidate.options[1:], row[1:], strict=True):
                if lit is not None:
                    lits.append(lit)
                    weights.append(abs(option.seconds - here) // 60)
        if not lits:
            return 0
        return cp_model.LinearExpr.weighted_sum(lits, weights)

    def rank_expr(self, c: int) -> Any:
        """The tie-break value of candidate c: the index of its option (0 is
        staying, then the slots in time order)."""
        pairs = [(lit, k) for k, lit in enumerate(self.lits[c]) if lit is not None and k > 0]
        if not pairs:
            return 0
        return cp_model.LinearExpr.weighted_sum([p[0] for p in pairs], [p[1] for p in pairs])


def _on(platform: str | None, unless_ignoring: str | None = None) -> Callable[[Post], bool]:
    """Posts of one platform (all posts for None), without those that ignore
    a check."""

    def wanted(post: Post) -> bool:
        if platform is not None and post.platform != platform:
            return False
        return unless_ignoring is None or unless_ignoring not in post.ignore

    return wanted


def _among(ids: set[str]) -> Callable[[Post], bool]:
    def wanted(post: Post) -> bool:
        return post.id in ids

    return wanted


def _post_waiver(check: str, post: Post) -> Waiver:
    return Waiver(check, (post.id,), post.platform, week_name(post.local.date()))


def _waiver_key(waiver: Waiver) -> tuple[str, tuple[str, ...], str, str, str]:
    return (waiver.check, waiver.posts, waiver.platform or "", waiver.window or "", waiver.bound)


# -- spacing, duplicate titles, one post per slot ---------------------------------


# Whether a rule judges two places too close; the first is no later than the
# second on the time line, and being too close ends at the first place that
# is not (the checks' own tests: spacing's ``too_close``, ``clash``).
Close = Callable[[Place, Place], bool]


def separate(
    rm: RepairModel,
    places: Sequence[Place],
    close: Close,
    rule: Rule,
    check: str,
    platform: str,
) -> None:
    """No two posts too ``close``, except a pair that is that close now
    (a violation it may keep: its waiver), wherever its two posts end up.

    Places too close to one another are taken window by window on
    the sorted time line (any two close places share a maximal window). The
    pairs that are close now link their posts into small groups; every other
    post is a group of its own. In a window, at most one group may be
    present; inside a group, two posts may share the window only when they
    are a pair that is close now and its waiver is taken."""
    line = sorted(places, key=lambda p: (p.seconds, p.post.id, not p.stay))
    pairs = _close_pairs([p for p in line if p.stay], close)
    group = _groups(pairs)
    for window in _windows(line, close):
        present: dict[str, list[Place]] = defaultdict(list)
        for place in window:
            present[group.get(place.post.id, place.post.id)].append(place)
        if len(present) > 1:
            lits: list[Any] = []
            fixed = 0
            for name, members in sorted(present.items()):
                if len({p.post.id for p in members}) == 1:
                    lits += [p.lit for p in members if p.lit is not None]
                    fixed += sum(1 for p in members if p.lit is None)
                else:
                    fixed += _held(
                        rm, members, f"group[{platform},{name},{window[0].seconds}]", lits
                    )
            _at_most_one(rm, lits, fixed, rule)
        for members in present.values():
            _within_group(rm, members, pairs, rule, check, platform)


def _within_group(
    rm: RepairModel,
    members: Sequence[Place],
    pairs: dict[tuple[str, str], date],
    rule: Rule,
    check: str,
    platform: str,
) -> None:
    by_post: dict[str, list[Place]] = defaultdict(list)
    for place in members:
        by_post[place.post.id].append(place)
    names = sorted(by_post)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            both = by_post[first] + by_post[second]
            lits = [p.lit for p in both if p.lit is not None]
            if not lits:
                continue
            fixed = sum(1 for p in both if p.lit is None)
            left = None
            pair = (first, second)
            if pair in pairs:
                left = rm.waiver(Waiver(check, pair, platform, week_name(pairs[pair])))
            _at_most_one(rm, lits, fixed, rule, left)


def _groups(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each post of a close pair -> the least post id linked to it by pairs."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for first, second in pairs:
        a, b = root(first), root(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {name: root(name) for name in parent}


def _close_pairs(stays: Sequence[Place], close: Close) -> dict[tuple[str, str], date]:
    """Pairs of posts too ``close`` now, with the day of the earlier
    one. (A pair of fixed posts needs no decision, but its posts must not
    count as posts that are alone.)"""
    pairs: dict[tuple[str, str], date] = {}
    for i, first in enumerate(stays):
        for second in stays[i + 1 :]:
            if not close(first, second):
                break
            names = sorted((first.post.id, second.post.id))
            pairs[(names[0], names[1])] = first.local_day
    return pairs


def _windows(line: Sequence[Place], close: Close) -> list[list[Place]]:
    """The maximal runs of places too ``close`` to the run's first one
    that hold two posts or more. A place too close to an earlier one is too
    close to every place between them (``Close``), so a run's end only moves
    on as its first place does."""
    found: list[list[Place]] = []
    reach = -1
    end = 0
    for a in range(len(line)):
        end = max(end, a)
        while end + 1 < len(line) and close(line[a], line[end + 1]):
            end += 1
        if end <= reach:
            continue  # inside the previous window
        reach = end
        window = list(line[a : end + 1])
        if len({p.post.id for p in window}) > 1:
            found.append(window)
    return found


def _held(rm: RepairModel, places: Sequence[Place], name: str, others: list[Any]) -> int:
    """1 when a fixed post is among ``places``; else 0, after adding to
    ``others`` a literal that is true when any of them is taken."""
    if any(p.lit is None for p in places):
        return 1
    someone = rm.model.new_bool_var(name)
    for place in places:
        rm.model.add_implication(place.lit, someone)
    others.append(someone)
    return 0


def _at_most_one(
    rm: RepairModel,
    lits: Sequence[Any],
    fixed: int,
    rule: Rule | None,
    unless: Any | None = None,
) -> None:
    """At most one of the literals and fixed posts (two with the waiver)."""
    if not lits or (len(lits) < 2 and fixed == 0):
        return
    bound = 1 if unless is None else 1 + unless
    rm.require(sum_of(lits) + fixed <= bound, rule, unless=None)


def one_post_per_slot(rm: RepairModel) -> None:
    """A moved post never lands on the time of another post of its platform
    (the planner's "a slot is one post"); posts that share a time now may
    keep it."""
    for platform in rm.moving_platforms:
        line = sorted(rm.places(_on(platform)), key=lambda p: (p.seconds, p.post.id))
        for window in _windows(line, _same_time):
            moved = [p.lit for p in window if not p.stay]
            if not moved:
                continue
            staying = [p for p in window if p.stay]
            fixed = 0
            if staying:
                fixed = _held(rm, staying, f"taken[{platform},{window[0].seconds}]", moved)
            _at_most_one(rm, moved, fixed, None)


def _same_time(first: Place, second: Place) -> bool:
    return first.seconds == second.seconds


def spacing(rm: RepairModel) -> None:
    """The spacing check (docs/reference.md#check-spacing): two posts of a
    platform at least ``min_gap`` apart. Posts that ignore spacing take no
    part (the check drops their pairs)."""
    if not rm.problem.enforced("spacing"):
        return
    for platform in rm.moving_platforms:
        gap = gap_for(rm.problem.rules, platform)
        if gap is None:
            continue
        places = rm.places(_on(platform, unless_ignoring="spacing"))
        close = partial(_too_close, gap=gap)
        separate(rm, places, close, Rule("spacing", platform=platform), "spacing", platform)


def _too_close(first: Place, second: Place, gap: timedelta) -> bool:
    return too_close(first.instant, second.instant, gap)


def _clash(first: Place, second: Place) -> bool:
    return clash(first.post.title, first.local, second.post.title, second.local)


def duplicates(rm: RepairModel) -> None:
    """The duplicate check (docs/reference.md#check-duplicate), when at error
    severity: one title at most once on a platform within 7 days of wall-clock time."""
    if not rm.problem.enforced("duplicate"):
        return
    moving = {c.post.id for c in rm.candidates}
    groups: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in rm.problem.brand.posts:
        if "duplicate" not in post.ignore:
            groups[(post.platform, title_key(post.title))].append(post)
    for (platform, _), posts in sorted(groups.items()):
        if len(posts) < 2 or not any(post.id in moving for post in posts):
            continue
        members = {post.id for post in posts}
        places = rm.places(_among(members), wall_clock=True)
        separate(rm, places, _clash, Rule("duplicate", platform=platform), "duplicate", platform)


# -- cadence -------------------------------------------------------------------------


def cadence_days(rm: RepairModel) -> None:
    """The cadence check (docs/reference.md#check-cadence), ``max_per_day`` on
    each local day. A day that is over now may stay over (its waiver), but then no post moves in."""
    problem = rm.problem
    if not problem.enforced("cadence"):
        return
    for platform in rm.moving_platforms:
        profile = problem.rules.platforms.get(platform)
        if profile is None or profile.max_per_day is None:
            continue
        limit = profile.max_per_day
        rule = Rule("max-per-day", platform=platform)
        by_day: dict[date, list[Place]] = defaultdict(list)
        for place in rm.places(_on(platform)):
            by_day[place.local_day].append(place)
        for day, places in sorted(by_day.items()):
            name = Waiver("cadence", (), platform, day.isoformat(), "day")
            _count_limit(rm, places, limit, rule, name)


def _count_limit(
    rm: RepairModel, places: Sequence[Place], limit: int, rule: Rule, name: Waiver
) -> None:
    """At most ``limit`` of these places taken."""
    fixed = sum(1 for p in places if p.lit is None)
    lits = [p.lit for p in places if p.lit is not None]
    moved_in = [p.lit for p in places if p.lit is not None and not p.stay]
    now = sum(1 for p in places if p.stay)
    if not lits:
        return  # fixed posts only: nothing to decide
    count = sum_of(lits) + fixed
    if now > limit:
        ids = tuple(sorted(p.post.id for p in places if p.stay))
        left = rm.waiver(Waiver(name.check, ids, name.platform, name.window, name.bound))
        rm.require(count <= limit, rule, unless=left)
        if moved_in:
            rm.model.add(sum_of(moved_in) == 0).only_enforce_if(left)
    elif moved_in:
        rm.require(count <= limit, rule)


def cadence_weeks(rm: RepairModel) -> None:
    """With --across-weeks: ``max_per_week`` and ``min_per_week`` in every week
    from the calendar's first post to its last (docs/reference.md#check-cadence;
    a week whose count is out of bounds now may stay so). Without it, a post keeps its week and
    the weekly counts cannot change."""
    problem = rm.problem
    if not problem.enforced("cadence") or problem.weekly_counts_constant:
        return
    rules = problem.rules
    for platform in rm.moving_platforms:
        profile = rules.platforms.get(platform)
        if profile is None:
            continue
        maximum = profile.max_per_week
        minimum = week_minimum(rules, platform)
        if maximum is None and minimum is None:
            continue
        by_week: dict[str, list[Place]] = defaultdict(list)
        for place in rm.places(_on(platform)):
            by_week[week_name(place.local_day)].append(place)
        for monday in problem.weeks:
            week = week_name(monday)
            places = by_week.get(week, [])
            if maximum is not None:
                _count_limit(
                    rm,
                    places,
                    maximum,
                    Rule("max-per-week", platform=platform, window=week),
                    Waiver("cadence", (), platform, week, "max-week"),
                )
            if minimum is not None:
                _count_floor(rm, places, minimum, platform, week)


def _count_floor(
    rm: RepairModel, places: Sequence[Place], floor: int, platform: str, week: str
) -> None:
    fixed = sum(1 for p in places if p.lit is None)
    lits = [p.lit for p in places if p.lit is not None]
    now = sum(1 for p in places if p.stay)
    if not lits:
        return  # fixed posts only: nothing to decide
    rule = Rule("min-per-week", platform=platform, window=week)
    count = sum_of(lits) + fixed
    if now < floor:
        ids = tuple(sorted(p.post.id for p in places if p.stay))
        left = rm.waiver(Waiver("cadence", ids, platform, week, "min-week"))
        rm.require(count >= floor, rule, unless=left)
    elif any(p.stay and p.lit is not None for p in places):
        rm.require(count >= floor, rule)


# -- mix and mix-brand --------------------------------------------------------------


def mix(rm: RepairModel) -> None:
    """Mix bands (docs/reference.md#the-mix-band), when a move can change a
    window's counts: with ``mix.window: month`` (a week may straddle two months), or with
    --across-weeks. Groups as the planner makes them (``mix_groups``), fixed
    posts counted; the band is the frame's ``add_band``, which holds unless
    the group's waiver is taken."""
    problem = rm.problem
    if problem.mix_constant or not rm.candidates:
        return
    view = problem.view
    for group in mix_groups(view, set(rm.moving_platforms)):
        places = [
            place
            for place in rm.places(_on(group.platform))
            if place.lit is not None and group.start <= place.local < group.end
        ]
        if not places:
            continue  # nothing can move into or out of it: its counts are fixed
        staying = [p for p in places if p.stay]
        counts_now = dict(group.pinned)
        for place in staying:
            counts_now[place.post.pillar] = counts_now.get(place.post.pillar, 0) + 1
        size_now = group.pinned_total + len(staying)
        band = group_band(view, group, size_now)
        out = any(
            not low <= counts_now.get(pillar, 0) <= high for pillar, (low, high) in band.items()
        )
        left = None
        if out:
            check = "mix" if group.platform is not None else "mix-brand"
            ids = tuple(sorted(_group_ids(problem, group)))
            left = rm.waiver(Waiver(check, ids, group.platform, group.window))
        counts = {
            pillar: group.pinned.get(pillar, 0)
            + sum_of(p.lit for p in places if p.post.pillar == pillar)
            for pillar in group.target
        }
        total = group.pinned_total + sum_of(p.lit for p in places)
        reachable = _capacity(rm, places, group)
        add_band(
            rm,
            counts,
            total,
            range(group.pinned_total, group.pinned_total + reachable + 1),
            partial(group_band, view, group),
            partial(band_rule, group),
            unless=left,
        )


def _capacity(rm: RepairModel, places: Sequence[Place], group: MixGroup) -> int:
    """How many movable posts the group can hold at most: a bound on its
    size, so that the band needs fewer size literals. Per platform and day:
    the distinct times moves may take plus the posts staying there (moved
    posts never share a time), and no more than ``max_per_day`` allows (or
    the posts staying, when the day is over it now and may stay so); per
    week likewise for ``max_per_week`` when weekly cadence is a constraint
    (--across-weeks). Never below the posts staying."""
    problem = rm.problem
    fixed_on = Counter((post.platform, post.local.date()) for post in problem.fixed)
    by_day: dict[tuple[str, date], list[Place]] = defaultdict(list)
    for place in places:
        by_day[(place.post.platform, place.local_day)].append(place)
    days: dict[tuple[str, date], tuple[int, int]] = {}
    for key, members in by_day.items():
        stays = sum(1 for p in members if p.stay)
        bound = len({p.seconds for p in members if not p.stay}) + stays
        days[key] = (min(bound, len({p.post.id for p in members})), stays)
    cadence = problem.enforced("cadence")
    weekly = cadence and not problem.weekly_counts_constant  # a constraint only then
    capacity = cadence_capacity(days, fixed_on, problem.rules.platforms, cadence, weekly)
    return min(capacity, len({p.post.id for p in places}))


def _group_ids(problem: RepairProblem, group: MixGroup) -> list[str]:
    return [
        post.id
        for post in problem.brand.posts
        if (group.platform is None or post.platform == group.platform)
        and group.start <= post.local < group.end
    ]


# -- stale-trend: hot topics ----------------------------------------------------------


def topics(rm: RepairModel) -> None:
    """The stale-trend check (docs/reference.md#check-stale-trend), the topic
    part: every post on a topic at most ``trending.max_age`` after the
    brand's first post on it (any post counts as the first; posts that
    ignore stale-trend may be late). A variable ``first`` stands below every
    post's time; each post that must be fresh is at most ``max_age`` after
    it."""
    problem = rm.problem
    age = max_age(problem.view)
    if age is None:
        return
    moving = {c.post.id: c for c in rm.candidates}
    rows = {c.post.id: row for c, row in zip(rm.candidates, rm.lits, strict=True)}
    by_topic: dict[str, list[Post]] = defaultdict(list)
    for post in problem.brand.posts:
        if post.topic is not None:
            by_topic[post.topic].append(post)
    for topic, posts in sorted(by_topic.items()):
        if len(posts) < 2 or not any(post.id in moving for post in posts):
            continue
        rule = Rule("topic", name=topic)
        times: dict[str, tuple[Any, int, int, int]] = {}  # id -> (expr, low, high, now)
        for post in posts:
            if post.id in moving:
                candidate, row = moving[post.id], rows[post.id]
                pairs = [
                    (lit, option.seconds)
                    for option, lit in zip(candidate.options, row, strict=True)
                    if lit is not None
                ]
                expr = cp_model.LinearExpr.weighted_sum(
                    [p[0] for p in pairs], [p[1] for p in pairs]
                )
                seconds = [p[1] for p in pairs]
                times[post.id] = (expr, min(seconds), max(seconds), candidate.stay.seconds)
            else:
                now = post_seconds(post)
                times[post.id] = (now, now, now, now)
        low = min(t[1] for t in times.values())
        high = max(t[2] for t in times.values())
        first = rm.model.new_int_var(low - age, high, f"first[{topic}]")
        for expr, _, _, _ in times.values():
            rm.require(first <= expr, rule)
        first_now = min(t[3] for t in times.values())
        for post in posts:
            if "stale-trend" in post.ignore:
                continue
            expr, _, _, now = times[post.id]
            left = None
            if now - first_now > age:
                left = rm.waiver(_post_waiver("stale-trend", post))
            rm.require(expr <= first + age, rule, unless=left)


FAMILIES: tuple[Callable[[RepairModel], None], ...] = (
    one_post_per_slot,
    spacing,
    duplicates,
    cadence_days,
    cadence_weeks,
    mix,
    topics,
)
