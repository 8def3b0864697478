"""What `fix` may do with a calendar: which posts move, and where to.

A post may move when it is not ``status: published``, its platform is a
planning platform (named under ``platforms:`` in the rules; when the rules
name none, every platform of the calendar), and that platform has slots.
Every other post is *fixed*: it stays, and it binds the posts that move.

A movable post's *options* are: staying where it is (its current time need
not be a slot), or a slot of its platform in its own ISO week, or with
``--across-weeks`` in any week from the calendar's first post to its last.
A post of a series in the rules (``series: NAME``) is the exception: it
never leaves its series time, and one off it may only move back to it (on
its own day, whether or not that time is a slot; ``plan.series``).
Slots come from the planner (``plan.slots.candidate_slots``): DST gaps
are skipped, a slot that a fixed post holds is not offered, a wall clock
that happens twice takes its first occurrence.

Each option carries the *unary* rules it breaks for that post (quiet hours,
blackouts, the campaign's phase span, the post's own ``expires``, a series
post off its series time), as the planner's ``Rule`` objects, honouring
the post's ``ignore:``. A move to an option that breaks one is never made;
staying in one is a violation the calendar has now, which ``model`` may
have to leave.

Moves never change pillars, platforms, formats or titles, so some checks are
*constant* under moves: ``format``, ``title-length`` and ``role-fit`` always,
and without ``--across-weeks`` the weekly counts (``mix`` and ``mix-brand``
with ``mix.window: week``, and cadence's ``max_per_week``/``min_per_week``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from contentplan.checks.quiet_hours import quiet_at
from contentplan.checks.stale_trend import expired
from contentplan.core.catalogue import ENTRIES
from contentplan.core.clock import week_name
from contentplan.core.model import Brand, Post, Rules, Severity
from contentplan.plan.items import Eligibility
from contentplan.plan.problem import PlanProblem, Rule, Slot, epoch_seconds
from contentplan.plan.series import off_time, series_time
from contentplan.plan.slots import candidate_slots

# Checks that no move can change, whatever the mode.
ALWAYS_CONSTANT = ("format", "title-length", "role-fit")

PUBLISHED = "published"
UNPLANNED = "unplanned"
NO_SLOTS = "no-slots"


@dataclass(frozen=True, slots=True)
class Option:
    """One place a movable post may end up."""

    slot: Slot
    stay: bool  # its current time
    breaks: tuple[Rule, ...] = ()  # the unary rules this time breaks for this post

    @property
    def seconds(self) -> int:
        return self.slot.seconds


@dataclass(frozen=True)
class Candidate:
    """A movable post and its options: staying first, then the slots in
    (date, time) order."""

    post: Post
    options: tuple[Option, ...]

    @property
    def stay(self) -> Option:
        return self.options[0]


@dataclass(frozen=True)
class RepairProblem:
    """One `fix` run, resolved: the brand, the mode, and who moves where."""

    brand: Brand
    across_weeks: bool
    weeks: tuple[date, ...]  # Mondays from the first post's week to the last's
    platforms: tuple[str, ...]  # planning platforms
    movable: tuple[Candidate, ...]
    fixed: tuple[Post, ...]
    fixed_why: Mapping[str, str] = field(default_factory=dict)  # post id -> PUBLISHED …
    plan: PlanProblem | None = None  # the same run as the planner's helpers see it

    @property
    def rules(self) -> Rules:
        return self.brand.rules

    @property
    def view(self) -> PlanProblem:
        assert self.plan is not None
        return self.plan

    def severity(self, check: str) -> Severity:
        return self.rules.severity.get(check, ENTRIES[check].default_severity)

    def enforced(self, check: str) -> bool:
        return self.severity(check) == "error"

    @property
    def weekly_counts_constant(self) -> bool:
        """Without --across-weeks a post stays in its ISO week."""
        return not self.across_weeks

    @property
    def mix_constant(self) -> bool:
        return not self.across_weeks and self.rules.mix.window == "week"

    @property
    def first_week(self) -> str:
        return week_name(self.weeks[0])

    @property
    def last_week(self) -> str:
        return week_name(self.weeks[-1])


def span_weeks(posts: Sequence[Post]) -> tuple[date, ...]:
    """Every Monday from the first post's ISO week to the last post's."""
    if not posts:
        return ()
    first = min(post.local.date() for post in posts)
    last = max(post.local.date() for post in posts)
    monday = first - timedelta(days=first.weekday())
    weeks: list[date] = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return tuple(weeks)


def fix_platforms(rules: Rules, posts: Sequence[Post]) -> tuple[str, ...]:
    """The rules' planning platforms, or every platform of the calendar when
    the rules name none."""
    if rules.planning_platforms:
        return tuple(rules.planning_platforms)
    return tuple(sorted({post.platform for post in posts}))


def repair_problem(brand: Brand, across_weeks: bool = False) -> RepairProblem:
    rules = brand.rules
    posts = list(brand.posts)
    platforms = fix_platforms(rules, posts)
    fixed: list[Post] = []
    fixed_why: dict[str, str] = {}
    moving: list[Post] = []
    for post in posts:
        profile = rules.platforms.get(post.platform)
        if post.status == "published":
            fixed_why[post.id] = PUBLISHED
        elif post.platform not in platforms:
            fixed_why[post.id] = UNPLANNED
        elif profile is None or not profile.slots:
            fixed_why[post.id] = NO_SLOTS
        else:
            moving.append(post)
            continue
        fixed.append(post)
    weeks = span_weeks(posts)
    plan = PlanProblem(
        brand=brand.name,
        timezone=brand.timezone,
        rules=rules,
        weeks=weeks or (date(1970, 1, 5),),
        platforms=tuple(sorted({post.platform for post in moving})),
        pinned=tuple(fixed),
    )
    problem = RepairProblem(
        brand=brand,
        across_weeks=across_weeks,
        weeks=weeks,
        platforms=platforms,
        movable=(),
        fixed=tuple(fixed),
        fixed_why=fixed_why,
        plan=plan,
    )
    candidates = _candidates(problem, moving) if moving else ()
    return RepairProblem(
        brand=brand,
        across_weeks=across_weeks,
        weeks=weeks,
        platforms=platforms,
        movable=tuple(candidates),
        fixed=tuple(fixed),
        fixed_why=fixed_why,
        plan=plan,
    )


def _candidates(problem: RepairProblem, moving: Sequence[Post]) -> list[Candidate]:
    view = problem.view
    by_platform_week: dict[tuple[str, str], list[Slot]] = defaultdict(list)
    by_platform: dict[str, list[Slot]] = defaultdict(list)
    for slot, _ in candidate_slots(view):  # closing rules are recomputed per post
        by_platform_week[(slot.platform, week_name(slot.day))].append(slot)
        by_platform[slot.platform].append(slot)
    unary = UnaryRules(problem)
    candidates: list[Candidate] = []
    for post in sorted(moving, key=lambda p: p.id):
        if problem.across_weeks:
            slots = by_platform[post.platform]
        else:
            slots = by_platform_week[(post.platform, week_name(post.local.date()))]
        here = Slot(post.platform, post.local, post.instant)
        kept = series_time(view, post)  # a series post moves only to its series time
        if kept is not None:
            slots = kept
        options = [Option(here, True, unary.breaks(post, here))]
        for slot in sorted(slots, key=lambda s: s.order):
            if slot.instant == post.instant:
                continue  # staying covers it
            options.append(Option(slot, False, unary.breaks(post, slot)))
        candidates.append(Candidate(post, tuple(options)))
    return candidates


class UnaryRules:
    """The rules of one post alone that a time breaks, as the checks judge
    them (docs/reference.md#checks), with the post's ``ignore:`` honoured and only checks at
    error severity."""

    def __init__(self, problem: RepairProblem) -> None:
        self.problem = problem
        self.rules = problem.rules
        self.zone = problem.brand.zone
        self.eligibility = Eligibility(problem.view)
        # `series` is judged only where the catalogue has it, at error severity.
        self.series_binds = "series" in ENTRIES and problem.enforced("series")

    def breaks(self, post: Post, slot: Slot) -> tuple[Rule, ...]:
        problem = self.problem
        found: list[Rule] = []
        if (
            problem.enforced("quiet-hours")
            and "quiet-hours" not in post.ignore
            and quiet_at(self.rules, post.platform, slot.local) is not None
        ):
            found.append(Rule("quiet-hours", platform=post.platform))
        if problem.enforced("blackout") and "blackout" not in post.ignore:
            for index, blackout in enumerate(self.rules.blackouts):
                if blackout.covers(post.platform, slot.local, self.zone):
                    found.append(Rule("blackout", index=index))
        if (
            problem.enforced("campaign-phase")
            and "campaign-phase" not in post.ignore
            and post.campaign is not None
            and post.phase is not None
        ):
            campaign = self.rules.campaigns.get(post.campaign)
            if campaign is not None and not self.eligibility.in_phase(campaign, post.phase, slot):
                found.append(Rule("campaign", name=post.campaign))
        if (
            problem.enforced("stale-trend")
            and "stale-trend" not in post.ignore
            and expired(slot.instant, post.expires)
        ):
            found.append(Rule("expires", name=post.id))
        if post.series is not None and self.series_binds and "series" not in post.ignore:
            series = self.rules.series.get(post.series)
            if series is not None and off_time(series, slot, self.zone):
                found.append(Rule("series", name=post.series))
        return tuple(found)


def local_seconds(local: datetime) -> int:
    """Seconds of a naive wall clock since 1970-01-01 00:00 (the duplicate
    rule compares wall clocks)."""
    return int((local - datetime(1970, 1, 1)).total_seconds())


def post_seconds(post: Post) -> int:
    return epoch_seconds(post.instant)
