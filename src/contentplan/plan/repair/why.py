"""Why a violation is left after `fix`: what no move can mend, in words.

The checks, run on the repaired calendar, say what is left. Each violation
left gets one reason:

- *constant* under moves: ``format``, ``title-length``, ``role-fit``; and
  without --across-weeks the weekly counts (``mix``/``mix-brand`` by week,
  cadence's ``max_per_week``/``min_per_week``): a move keeps pillar,
  platform, format, title and week;
- every post it names is *fixed*: published, on a platform the rules do
  not plan, or on a platform without slots;
- otherwise it is a violation the model was allowed to leave (its
  ``Waiver``). The explaining model (``RepairModel(gated=True)``) has an
  assumption literal on every rule instance; assuming the waiver is not
  taken, CP-SAT returns an infeasibility core, shrunk until no rule can be
  dropped. The rules left are the ones that stop every move that would mend
  it; when only the violation's own rule is left, its post has no slot in
  reach that keeps it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from contentplan.checks.campaign_phase import launch_of
from contentplan.checks.grouping import joined, span, stamp
from contentplan.checks.spacing import gap_for
from contentplan.core.clock import week_name
from contentplan.core.model import Post, Violation
from contentplan.plan.kinds import FixWords, blocker_phrase, kinds_of
from contentplan.plan.problem import Rule
from contentplan.plan.repair.problem import (
    ALWAYS_CONSTANT,
    NO_SLOTS,
    PUBLISHED,
    UNPLANNED,
    RepairProblem,
)

_LEAST_TIME = 2.0  # seconds the explanations may take even when the solve used its limit


@dataclass(frozen=True, slots=True)
class Left:
    """A violation the repaired calendar still has, and why."""

    violation: Violation
    reason: str


def why_left(
    problem: RepairProblem,
    left: Sequence[Any],
    violations: Iterable[Violation],
    after: Mapping[str, Post],
    deadline: float,
    searched: bool = True,
) -> list[Left]:
    """A reason for each error violation of the repaired calendar. ``left``
    are the result's waivers; ``after`` the posts of the repaired calendar
    by id. ``searched`` is False when the time limit stopped the repair:
    then there is no time left to look for reasons either."""
    stop = max(deadline, time.monotonic() + _LEAST_TIME) if searched else 0.0
    explainer = _Explainer(problem, stop)
    posts = {post.id: post for post in problem.brand.posts}
    words = FixWords(problem.brand.name, problem.rules, problem.brand.zone, posts)
    found: list[Left] = []
    for violation in violations:
        reason = _constant(problem, violation, after) or _fixed(problem, violation)
        if reason is None:
            unit = _match(problem, violation, after, left)
            if unit is None:
                reason = _unknown(problem)
            else:
                reason = _unit(problem, words, unit, explainer.core(unit))
        found.append(Left(violation, reason))
    return found


# -- what no move changes -----------------------------------------------------------


def _across_hint(problem: RepairProblem) -> str:
    if problem.across_weeks or len(problem.weeks) < 2:
        return ""
    return (
        f"; or run fix --across-weeks, which may move posts to any week from "
        f"{problem.first_week} to {problem.last_week}"
    )


def _constant(
    problem: RepairProblem, violation: Violation, after: Mapping[str, Post]
) -> str | None:
    check = violation.check
    if check == "format":
        return "a move never changes a post's format: change its format, or the platform's formats"
    if check == "title-length":
        return "a move never changes a title: shorten it"
    if check == "role-fit":
        return (
            "it counts all of the platform's posts, which moves never change: change the "
            "pillar of some posts there"
        )
    if check in ("mix", "mix-brand") and problem.mix_constant:
        return (
            "moves keep each post in its ISO week, so the week's pillar counts cannot change: "
            "change the pillar of posts, or add or drop posts" + _across_hint(problem)
        )
    if (
        check == "cadence"
        and problem.weekly_counts_constant
        and not _day_breach(problem, violation, after)
    ):
        return (
            "moves keep each post in its ISO week, so the week's count cannot change: add or "
            "drop posts" + _across_hint(problem)
        )
    assert check not in ALWAYS_CONSTANT
    return None


def _day_breach(problem: RepairProblem, violation: Violation, after: Mapping[str, Post]) -> bool:
    """A cadence violation over ``max_per_day`` (not a week's count)."""
    posts = [after[i] for i in violation.post_ids if i in after]
    if not posts or violation.platform is None:
        return False
    profile = problem.rules.platforms.get(violation.platform)
    if profile is None or profile.max_per_day is None:
        return False
    days = {post.local.date() for post in posts}
    return len(days) == 1 and len(posts) > profile.max_per_day


def _fixed(problem: RepairProblem, violation: Violation) -> str | None:
    ids = violation.post_ids
    if not ids or not all(i in problem.fixed_why for i in ids):
        return None
    kinds = {problem.fixed_why[i] for i in ids}
    posts = {post.id: post for post in problem.brand.posts}
    named = joined(ids)
    if kinds == {PUBLISHED}:
        verb = "is" if len(ids) == 1 else "are"
        return (
            f"{named} {verb} published, and published posts never move: change the rules, "
            "or the posts themselves"
        )
    platforms = sorted({posts[i].platform for i in ids})
    if NO_SLOTS in kinds:
        return (
            f"{joined(platforms)} has no slots, so fix has nowhere to move its posts: give it "
            "slots: in the rules"
        )
    if UNPLANNED in kinds:
        return (
            f"fix moves only posts on the platforms named under platforms: in the rules, and "
            f"{joined(platforms)} is not one of them: name it there"
        )
    return "none of its posts may move (published, or on a platform fix does not plan)"


# -- which waiver a violation is ---------------------------------------------------------


def _match(
    problem: RepairProblem, violation: Violation, after: Mapping[str, Post], left: Sequence[Any]
) -> Any | None:
    check = violation.check
    for unit in left:
        if unit.check != check:
            continue
        if check in ("mix", "mix-brand"):
            if unit.platform == violation.platform and unit.window == violation.window:
                return unit
        elif check == "cadence":
            if unit.platform != violation.platform:
                continue
            if _day_breach(problem, violation, after):
                day = after[violation.post_ids[0]].local.date().isoformat()
                if unit.bound == "day" and unit.window == day:
                    return unit
            elif unit.bound != "day" and unit.window == violation.window:
                return unit
        elif unit.posts == tuple(sorted(violation.post_ids)):
            return unit
    return None


# -- the explaining model ------------------------------------------------------------------


class _Explainer:
    """Cores from the explaining model of the part that holds a violation's
    posts (``parts.split``), built once per part, within a time budget."""

    def __init__(self, problem: RepairProblem, stop: float) -> None:
        self.problem = problem
        self.stop = stop
        self._parts: list[RepairProblem] | None = None
        self._models: dict[int, Any] = {}

    def _model_for(self, unit: Any) -> Any | None:
        from contentplan.plan.repair.model import RepairModel
        from contentplan.plan.repair.parts import split

        if self._parts is None:
            self._parts = split(self.problem)
        names = set(unit.posts)
        for index, part in enumerate(self._parts):
            if any(candidate.post.id in names for candidate in part.movable):
                if index not in self._models:
                    self._models[index] = RepairModel(part, gated=True)
                return self._models[index]
        return None

    def core(self, unit: Any) -> list[Rule] | str:
        """The rules that stop every way of mending ``unit``; or ``"trade"``
        when it can be mended but only by leaving another violation, or
        ``"time"`` when there was no time (or no model) to find out."""
        from contentplan.plan.conflict import minimal_core
        from contentplan.plan.cpsat import cp_model

        if time.monotonic() >= self.stop:
            return "time"
        rm = self._model_for(unit)
        lit = rm.waivers.get(unit) if rm is not None else None
        if rm is None or lit is None:
            return "time"
        mend = rm.model.new_bool_var(f"mend[{unit.check}:{','.join(unit.posts)}]")
        rm.model.add_implication(mend, lit.Not())
        rules = sorted(rm.gates, key=_rule_key)
        status, core = minimal_core(rm, rules, self.stop, _rule_key, [mend], presolve=False)
        if status == cp_model.FEASIBLE or status == cp_model.OPTIMAL:
            return "trade"
        if status != cp_model.INFEASIBLE:
            return "time"
        return core


def _rule_key(rule: Rule) -> tuple[str, str, str, str, int, str]:
    return (
        rule.kind,
        rule.platform or "",
        rule.window or "",
        rule.pillar or "",
        rule.index if rule.index is not None else -1,
        rule.name or "",
    )


# -- words -------------------------------------------------------------------------------


def _unknown(problem: RepairProblem) -> str:
    return "fix found no move that mends it without breaking another rule" + _across_hint(
        problem
    )


def _unit(
    problem: RepairProblem, words: FixWords, unit: Any, core: list[Rule] | str
) -> str:
    if core == "trade":
        return (
            "moves could mend it only by leaving another violation, and fix leaves as few "
            "as it can"
        )
    if core == "time":
        return (
            "fix ran out of time before it could tell whether a move mends it: raise "
            f"--time-limit, or {_hint(unit)}{_across_hint(problem)}"
        )
    assert isinstance(core, list)
    own = kinds_of(unit.check)
    others = [rule for rule in core if rule.kind not in own]
    where = _reach(problem, words, unit)
    if others:
        blocked = joined([blocker_phrase(words, rule) for rule in others])
        text = f"every move {where} that would mend it breaks {blocked}"
    else:
        text = _nowhere(problem, words, unit, where, {rule.kind for rule in core})
    return f"{text}: {_hint(unit)}{_across_hint(problem)}"


def _reach(problem: RepairProblem, words: FixWords, unit: Any) -> str:
    if problem.across_weeks:
        if problem.first_week == problem.last_week:
            return f"in {problem.first_week}"
        return f"from {problem.first_week} to {problem.last_week}"
    weeks = sorted(
        {week_name(words.posts[i].local.date()) for i in unit.posts if i in words.posts}
    )
    if unit.check in ("mix", "mix-brand") or not weeks:
        return f"in {unit.window}" if unit.window else "in reach"
    return f"in {joined(weeks)}"


def _nowhere(
    problem: RepairProblem, words: FixWords, unit: Any, where: str, kinds: set[str]
) -> str:
    check = unit.check
    post = words.posts.get(unit.posts[0]) if unit.posts else None
    platform = unit.platform or (post.platform if post else "")
    if check == "quiet-hours" and post is not None:
        quiet = words.rules.quiet_hours_for(post.platform)
        hours = f" ({quiet.start:%H:%M}-{quiet.end:%H:%M})" if quiet else ""
        return f"no free {platform} slot {where} is outside the quiet hours{hours}"
    if check == "blackout":
        return f"every free {platform} slot {where} is inside a blackout"
    if check == "campaign-phase" and post is not None:
        return f"no free {platform} slot {where} is inside {_phase_span(words, post)}"
    if check == "stale-trend" and post is not None:
        return (
            f"no free {platform} slot {where} is early enough ({_freshness(words, post, kinds)})"
        )
    if check == "spacing":
        gap = gap_for(words.rules, platform) or timedelta(0)
        return (
            f"no free {platform} slot {where} is at least {span(gap)} from every other "
            f"{platform} post"
        )
    if check == "duplicate":
        posts = [words.posts[i] for i in unit.posts if i in words.posts]
        weeks = {week_name(p.local.date()) for p in posts}
        if not problem.across_weeks and len(weeks) == 1:
            return (
                "both posts stay in one ISO week, and two times of one week are always "
                "less than 7 days apart"
            )
        return f"no free {platform} slot {where} is 7 days from the other post with that title"
    if check == "cadence":
        return f"no free {platform} slot {where} keeps the daily and weekly limits"
    if check in ("mix", "mix-brand"):
        return f"no move {where} brings its pillar counts into the band"
    return f"no free slot {where} mends it"


def _phase_span(words: FixWords, post: Post) -> str:
    campaign = words.rules.campaigns.get(post.campaign or "")
    if campaign is None:
        return "its phase's span"
    launch, launch_local = launch_of(campaign, words.zone)

    def local(moment: Any) -> str:
        return stamp(moment.astimezone(words.zone).replace(tzinfo=None))

    if post.phase == "teaser":
        start = local(launch - campaign.teaser_days) if campaign.teaser_days else "any time"
        return (
            f"the {campaign.name} teaser span ({start} up to the launch {stamp(launch_local)})"
        )
    if post.phase == "launch":
        return f"the {campaign.name} launch date ({launch_local.date().isoformat()})"
    end = local(launch + campaign.recap_days) if campaign.recap_days else "any time"
    return (
        f"the {campaign.name} recap span (after the launch {stamp(launch_local)} up to {end})"
    )


def _freshness(words: FixWords, post: Post, kinds: set[str]) -> str:
    parts = []
    if post.expires is not None and "expires" in kinds:
        moment = stamp(post.expires.astimezone(words.zone).replace(tzinfo=None))
        parts.append(f"at or before its expires, {moment}")
    age = words.rules.trending_max_age
    if post.topic is not None and age is not None and "topic" in kinds:
        parts.append(f"within {span(age)} of the brand's first post on {post.topic}")
    return "; ".join(parts) or "its expiry"


def _hint(unit: Any) -> str:
    check = unit.check
    platform = unit.platform or ""
    return {
        "quiet-hours": f"give {platform} a slot outside the quiet hours, or change them",
        "blackout": "drop the post, or shorten the blackout",
        "campaign-phase": "change the post's phase, or the campaign's launch or spans",
        "stale-trend": "drop the post, or change its expires or topic",
        "spacing": f"lower {platform}'s min_gap, give it more slots, or drop a post",
        "duplicate": "give one of the posts a new title",
        "cadence": f"raise {platform}'s limit, give it more slots, or drop a post",
        "mix": "change the pillar of posts, or add or drop posts",
        "mix-brand": "change the pillar of posts, or add or drop posts",
    }.get(check, "change the posts or the rules")
