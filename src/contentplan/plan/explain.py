"""When no schedule meets the rules: which rules are in conflict, in words.

The explaining model (``PlanModel(explain=True)``) puts an assumption literal
on every rule instance: each band bound per group, window and pillar, each
cadence bound, each blackout, campaign, topic, and the platform-wide rules.
A single-threaded feasibility solve under all assumptions returns a core
(``sufficient_assumptions_for_infeasibility``); dropping its members one at a
time while the rest stay infeasible makes it minimal. Each rule left is one
sentence saying what it demands and what to change.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from contentplan.checks._grouping import span
from contentplan.core.band import ratio_label, tolerance_label
from contentplan.core.clock import window_bounds
from contentplan.plan.build import PlanModel
from contentplan.plan.conflict import minimal_core
from contentplan.plan.constraints import add_all
from contentplan.plan.cpsat import cp_model
from contentplan.plan.groups import MixGroup, group_band, mix_groups
from contentplan.plan.problem import PlanProblem, Rule

_LEAST_TIME = 2.0  # seconds the explanation may take even when the plan used its limit


def explain(problem: PlanProblem, settings: Any, deadline: float) -> list[str]:
    """Sentences naming the rules in conflict (empty if none could be named)."""
    pm = PlanModel(problem, explain=True)
    add_all(pm)
    stop = max(deadline, time.monotonic() + _LEAST_TIME)
    rules = sorted(pm.gates, key=_rule_key)
    core = _core(pm, rules, stop)
    if core is None:
        return []
    words = _Words(pm)
    return [words.sentence(rule) for rule in sorted(core, key=_rule_key)]


def conflict_core(problem: PlanProblem, seconds: float = 10.0) -> list[Rule] | None:
    """The minimal set of rules in conflict (for tests), or None if feasible."""
    pm = PlanModel(problem, explain=True)
    add_all(pm)
    return _core(pm, sorted(pm.gates, key=_rule_key), time.monotonic() + seconds)


def _core(pm: PlanModel, rules: list[Rule], stop: float) -> list[Rule] | None:
    status, core = minimal_core(pm, rules, stop, _rule_key, all_when_unnamed=True)
    return core if status == cp_model.INFEASIBLE else None


def _rule_key(rule: Rule) -> tuple[str, str, str, str, int, str]:
    return (
        rule.window or "",
        rule.platform or "",
        rule.kind,
        rule.pillar or "",
        rule.index if rule.index is not None else -1,
        rule.name or "",
    )


class _Words:
    """Sentences for rule instances, with the figures that make them concrete."""

    def __init__(self, pm: PlanModel) -> None:
        self.pm = pm
        self.problem = pm.problem
        self.groups = {
            (g.platform, g.window): g
            for g in mix_groups(pm.problem, {s.platform for s in pm.slots})
        }
        self.what = "slots" if pm.problem.skeleton else "backlog items"

    def sentence(self, rule: Rule) -> str:
        method = getattr(self, "_" + rule.kind.replace("-", "_"), None)
        if method is None:
            return f"{rule.kind} {rule.platform or ''} {rule.window or ''}".strip()
        text: str = method(rule)
        return text

    # -- mix ---------------------------------------------------------------------

    def _group(self, rule: Rule) -> tuple[MixGroup, str, list[int], int]:
        group = self.groups[(rule.platform, rule.window or "")]
        where = rule.platform or f"{self.problem.brand} (all platforms)"
        slots = self.pm.slots_where(group.platform, group.start, group.end)
        return group, where, slots, self._least_size(group)

    def _least_size(self, group: MixGroup) -> int:
        """The fewest posts the group can have: pinned ones, or min_per_week."""
        return max(group.pinned_total, _least_size_from_cadence(self, group))

    def _band_label(self, group: MixGroup, n: int) -> str:
        mix = self.problem.rules.mix
        return f"{ratio_label(group.target)} {tolerance_label(mix.tolerance)} of {n} posts"

    def _band_min(self, rule: Rule) -> str:
        group, where, slots, n = self._group(rule)
        pillar = rule.pillar or ""
        n = max(n, 1)
        low = group_band(self.problem, group, n)[pillar][0]
        items = self.pm.item_count_in(slots, pillar)
        pinned = group.pinned.get(pillar, 0)
        target = group.platform or "any platform"
        have = self._count(items, f"{pillar} {self.what[:-1]}", f"{pillar} {self.what}")
        have += f" may go to {target} that {self._span(group)}"
        if pinned:
            have += f" (and {pinned} pinned)"
        if items + pinned < low:
            shortage = f"but only {have}"
        else:
            # Enough of them on paper: the other rules named keep them out.
            shortage = f"and {have}, but not while the other rules named here hold"
        fixes = [f"add {pillar} items", f"allow {group.platform or 'more platforms'} for more"]
        if self._min_per_week_in(group):
            fixes.append("lower min_per_week")
        return (
            f"{where} {group.window} needs at least {low} {pillar} posts "
            f"({self._band_label(group, n)}), {shortage}: {_choices(fixes)}"
        )

    @staticmethod
    def _count(n: int, one: str, many: str) -> str:
        return f"no {many}" if n == 0 else f"{n} {one if n == 1 else many}"

    def _min_per_week_in(self, group: MixGroup) -> bool:
        """Whether a min_per_week of the group's platforms sets its size."""
        return _least_size_from_cadence(self, group) > group.pinned_total

    def _band_max(self, rule: Rule) -> str:
        group, where, slots, least = self._group(rule)
        pillar = rule.pillar or ""
        most = group.pinned_total + len([s for s in slots if self.pm.slot_items[s]])
        # The widest the band gets over every size the group can reach.
        n = max(
            range(max(least, 1), max(most, least, 1) + 1),
            key=lambda size: (group_band(self.problem, group, size)[pillar][1], -size),
        )
        high = group_band(self.problem, group, n)[pillar][1]
        pinned = group.pinned.get(pillar, 0)
        return (
            f"{where} {group.window} may have at most {high} {pillar} posts "
            f"({self._band_label(group, n)}), but {pinned} are pinned: add posts of other "
            f"pillars, or change the pillar of pinned posts"
        )

    def _span(self, group: MixGroup) -> str:
        return "month" if self.problem.rules.mix.window == "month" else "week"

    # -- cadence -------------------------------------------------------------------

    def _week_slots(self, platform: str, window: str) -> list[int]:
        start, end = window_bounds(window)
        return self.pm.slots_where(platform, start, end)

    def _min_per_week(self, rule: Rule) -> str:
        platform, week = rule.platform or "", rule.window or ""
        profile = self.problem.rules.platforms[platform]
        slots = self._week_slots(platform, week)
        usable = [s for s in slots if self.pm.slot_items[s]]
        items = self.pm.item_count_in(usable)
        start, end = window_bounds(week)
        pinned = sum(1 for p in self.pm.pinned_on(platform) if start <= p.local < end)
        have = self._count(items, self.what[:-1], self.what)
        return (
            f"{platform} {week} needs at least {profile.min_per_week} posts (min_per_week), "
            f"but {pinned} are pinned and {have} may go to {platform} that week, which "
            f"has {len(slots)} slots: add items for {platform}, allow {platform} for more "
            f"of them, or lower min_per_week"
        )

    def _max_per_week(self, rule: Rule) -> str:
        platform, week = rule.platform or "", rule.window or ""
        profile = self.problem.rules.platforms[platform]
        start, end = window_bounds(week)
        pinned = sum(1 for p in self.pm.pinned_on(platform) if start <= p.local < end)
        return (
            f"{platform} {week} takes at most {profile.max_per_week} posts (max_per_week), "
            f"{pinned} of them pinned: raise max_per_week or plan fewer posts there"
        )

    def _max_per_day(self, rule: Rule) -> str:
        platform = rule.platform or ""
        profile = self.problem.rules.platforms[platform]
        return (
            f"{platform} takes at most {profile.max_per_day} posts a day (max_per_day): "
            f"raise it, or spread the posts over more days or platforms"
        )

    # -- per-post rules -------------------------------------------------------------

    def _spacing(self, rule: Rule) -> str:
        platform = rule.platform or ""
        gap = self.problem.rules.platforms[platform].min_gap or timedelta(0)
        return (
            f"{platform} posts must be at least {span(gap)} apart (min_gap), "
            f"which leaves fewer usable slots: lower min_gap or space the slots further apart"
        )

    def _quiet_hours(self, rule: Rule) -> str:
        platform = rule.platform or ""
        quiet = self.problem.rules.quiet_hours_for(platform)
        span = f"{quiet.start:%H:%M}-{quiet.end:%H:%M}" if quiet else ""
        return (
            f"{platform} has no posts in its quiet hours {span}, which closes "
            f"{self._closed(rule)} of its slots: move the slots or the quiet hours"
        )

    def _blackout(self, rule: Rule) -> str:
        blackout = self.problem.rules.blackouts[rule.index or 0]
        zone = self.problem.zone
        start = _stamp(blackout.start.local_in(zone))
        end = _stamp(blackout.end.local_in(zone)) if blackout.end is not None else "open end"
        platforms = (
            "all platforms" if blackout.platforms is None else ", ".join(sorted(blackout.platforms))
        )
        reason = f" ({blackout.reason})" if blackout.reason else ""
        return (
            f"the blackout {start} to {end}{reason} closes {self._closed(rule)} slots on "
            f"{platforms}: shorten it, or plan other weeks"
        )

    def _closed(self, rule: Rule) -> int:
        return sum(1 for rules in self.pm.slot_rules if rule in rules)

    def _items_closed(self, rule: Rule) -> int:
        count = 0
        for i in range(len(self.pm.items)):
            cells = self.pm.item_slots[i]
            if not cells:
                continue
            gated = [s for s in cells if self._pair_closed(i, s, rule)]
            if len(gated) == len(cells):
                count += 1
        return count

    def _pair_closed(self, i: int, s: int, rule: Rule) -> bool:
        from contentplan.plan.items import Eligibility

        if not hasattr(self, "_eligibility"):
            self._eligibility = Eligibility(self.problem)
        return rule in self._eligibility.closing(self.pm.items[i], self.pm.slots[s])

    def _format(self, rule: Rule) -> str:
        from contentplan.plan.items import Eligibility

        platform = rule.platform or ""
        formats = self.problem.rules.platforms[platform].formats or frozenset()
        eligibility = Eligibility(self.problem)
        shut = sorted(
            {
                item.id: item.format
                for item in self.pm.items
                if item.format is not None
                and item.format not in formats
                and eligibility.allows_platform(item, platform)
            }.items()
        )
        kinds = sorted({str(kind) for _, kind in shut})
        items = self._count(len(shut), "item", "items")
        return (
            f"{platform} takes only {', '.join(sorted(formats))} (formats), so {items} "
            f"meant for it ({', '.join(kinds)}) cannot go there: change their format or the "
            f"platform's formats"
        )

    def _title_length(self, rule: Rule) -> str:
        platform = rule.platform or ""
        profile = self.problem.rules.platforms[platform]
        return (
            f"{platform} titles may be at most {profile.max_title} {profile.title_units} long "
            f"(max_title): shorten the titles of items meant for {platform}"
        )

    def _campaign(self, rule: Rule) -> str:
        campaign = self.problem.rules.campaigns[rule.name or ""]
        launch = _stamp(campaign.launch.local_in(self.problem.zone))
        teaser = (
            f"teasers from {span(campaign.teaser_days)} before"
            if campaign.teaser_days
            else "teasers before"
        )
        recap = (
            f"recaps up to {span(campaign.recap_days)} after"
            if campaign.recap_days
            else "recaps after"
        )
        return (
            f"campaign {campaign.name} launches {launch}: {teaser} the launch, launch posts on "
            f"its date, {recap} it: change the items' phase, or the campaign's dates"
        )

    def _topic(self, rule: Rule) -> str:
        age = self.problem.rules.trending_max_age or timedelta(0)
        return (
            f"posts on the topic {rule.name} must all come within {span(age)} of the "
            f"first one (trending.max_age): drop some of its items, or raise max_age"
        )

    def _duplicate(self, rule: Rule) -> str:
        return (
            f"{rule.platform} may not repeat a title within 7 days (duplicate): rename the "
            f"items or plan them further apart"
        )

    def _role_fit(self, rule: Rule) -> str:
        platform = rule.platform or ""
        target = self.problem.rules.target_for(platform)
        top = [p for p, r in target.items() if r == max(target.values())]
        return (
            f"{platform}'s most frequent pillar must be one of {', '.join(top)} (role-fit): "
            f"add items of that pillar for {platform}"
        )


def _least_size_from_cadence(words: _Words, group: MixGroup) -> int:
    """The fewest posts min_per_week forces on the group (0 when none does)."""
    problem = words.problem
    if not (problem.enforced("cadence") and problem.rules.mix.window == "week"):
        return 0
    platforms = [group.platform] if group.platform else list(problem.rules.planning_platforms)
    required = group.pinned_total
    forced = False
    for platform in platforms:
        profile = problem.rules.platforms.get(platform)
        if profile and profile.min_per_week and platform in problem.rules.planning_platforms:
            held = sum(
                1
                for post in problem.pinned
                if post.platform == platform and group.start <= post.local < group.end
            )
            required += max(0, profile.min_per_week - held)
            forced = True
    return required if forced else 0


def _choices(options: list[str]) -> str:
    """``a, b, or c``."""
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + ", or " + options[-1]


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")
