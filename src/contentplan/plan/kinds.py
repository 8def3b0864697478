"""Rule kinds: every kind of rule instance (``problem.Rule.kind``) that the
planners put under an assumption, the checks it belongs to, and its words.

``RULE_KINDS`` is the one table. For each kind: the checks whose violations
it stands for (``check_of``: the check a post breaks when one of its
options breaks a unary rule; ``kinds_of``: a violation's own rules); the
sentence `plan` prints when the rule is in conflict (``conflict``, read
from the explaining ``PlanModel`` through ``PlanWords``); and the noun
phrase `fix` names when the rule stops every move that would mend a
violation (``blocker``, through ``FixWords``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from contentplan.checks.cadence import week_minimum
from contentplan.checks.campaign_phase import launch_of
from contentplan.checks.grouping import span, stamp
from contentplan.checks.spacing import gap_for
from contentplan.core.band import ratio_label, tolerance_label
from contentplan.core.clock import window_bounds
from contentplan.core.model import Post, Rules
from contentplan.plan.groups import MixGroup, group_band, mix_groups
from contentplan.plan.items import Eligibility
from contentplan.plan.problem import Rule

if TYPE_CHECKING:
    from contentplan.plan.build import PlanModel


class PlanWords:
    """What `plan`'s sentences read: the explaining model, its mix groups."""

    def __init__(self, pm: PlanModel) -> None:
        self.pm = pm
        self.problem = pm.problem
        self.groups = {
            (g.platform, g.window): g
            for g in mix_groups(pm.problem, {s.platform for s in pm.slots})
        }
        self.what = "slots" if pm.problem.skeleton else "backlog items"

    def group(self, rule: Rule) -> tuple[MixGroup, str, list[int], int]:
        group = self.groups[(rule.platform, rule.window or "")]
        where = rule.platform or f"{self.problem.brand} (all platforms)"
        slots = self.pm.slots_where(group.platform, group.start, group.end)
        return group, where, slots, self.least_size(group)

    def least_size(self, group: MixGroup) -> int:
        """The fewest posts the group can have: pinned ones, or min_per_week."""
        return max(group.pinned_total, _least_size_from_cadence(self, group))

    def band_label(self, group: MixGroup, n: int) -> str:
        mix = self.problem.rules.mix
        return f"{ratio_label(group.target)} {tolerance_label(mix.tolerance)} of {n} posts"

    @staticmethod
    def count(n: int, one: str, many: str) -> str:
        return f"no {many}" if n == 0 else f"{n} {one if n == 1 else many}"

    def min_per_week_in(self, group: MixGroup) -> bool:
        """Whether a min_per_week of the group's platforms sets its size."""
        return _least_size_from_cadence(self, group) > group.pinned_total

    def window_span(self, group: MixGroup) -> str:
        return "month" if self.problem.rules.mix.window == "month" else "week"

    def week_slots(self, platform: str, window: str) -> list[int]:
        start, end = window_bounds(window)
        return self.pm.slots_where(platform, start, end)

    def closed(self, rule: Rule) -> int:
        return sum(1 for rules in self.pm.slot_rules if rule in rules)


class FixWords:
    """What `fix`'s phrases read: the rules, the brand's zone and posts."""

    def __init__(
        self, brand: str, rules: Rules, zone: ZoneInfo, posts: Mapping[str, Post]
    ) -> None:
        self.brand = brand
        self.rules = rules
        self.zone = zone
        self.posts = posts


# -- plan: a rule in conflict, as a sentence ---------------------------------------------


def _band_min_conflict(words: PlanWords, rule: Rule) -> str:
    group, where, slots, n = words.group(rule)
    pillar = rule.pillar or ""
    n = max(n, 1)
    low = group_band(words.problem, group, n)[pillar][0]
    items = words.pm.item_count_in(slots, pillar)
    pinned = group.pinned.get(pillar, 0)
    target = group.platform or "any platform"
    have = words.count(items, f"{pillar} {words.what[:-1]}", f"{pillar} {words.what}")
    have += f" may go to {target} that {words.window_span(group)}"
    if pinned:
        have += f" (and {pinned} pinned)"
    if items + pinned < low:
        shortage = f"but only {have}"
    else:
        # Enough of them on paper: the other rules named keep them out.
        shortage = f"and {have}, but not while the other rules named here hold"
    fixes = [f"add {pillar} items", f"allow {group.platform or 'more platforms'} for more"]
    if words.min_per_week_in(group):
        fixes.append("lower min_per_week")
    return (
        f"{where} {group.window} needs at least {low} {pillar} posts "
        f"({words.band_label(group, n)}), {shortage}: {_choices(fixes)}"
    )


def _band_max_conflict(words: PlanWords, rule: Rule) -> str:
    group, where, slots, least = words.group(rule)
    pillar = rule.pillar or ""
    most = group.pinned_total + len([s for s in slots if words.pm.slot_items[s]])
    # The widest the band gets over every size the group can reach.
    n = max(
        range(max(least, 1), max(most, least, 1) + 1),
        key=lambda size: (group_band(words.problem, group, size)[pillar][1], -size),
    )
    high = group_band(words.problem, group, n)[pillar][1]
    pinned = group.pinned.get(pillar, 0)
    return (
        f"{where} {group.window} may have at most {high} {pillar} posts "
        f"({words.band_label(group, n)}), but {pinned} are pinned: add posts of other "
        f"pillars, or change the pillar of pinned posts"
    )


def _min_per_week_conflict(words: PlanWords, rule: Rule) -> str:
    platform, week = rule.platform or "", rule.window or ""
    minimum = week_minimum(words.problem.rules, platform)
    slots = words.week_slots(platform, week)
    usable = [s for s in slots if words.pm.slot_items[s]]
    items = words.pm.item_count_in(usable)
    start, end = window_bounds(week)
    pinned = sum(1 for p in words.pm.pinned_on(platform) if start <= p.local < end)
    have = words.count(items, words.what[:-1], words.what)
    return (
        f"{platform} {week} needs at least {minimum} posts (min_per_week), "
        f"but {pinned} are pinned and {have} may go to {platform} that week, which "
        f"has {len(slots)} slots: add items for {platform}, allow {platform} for more "
        f"of them, or lower min_per_week"
    )


def _max_per_week_conflict(words: PlanWords, rule: Rule) -> str:
    platform, week = rule.platform or "", rule.window or ""
    profile = words.problem.rules.platforms[platform]
    start, end = window_bounds(week)
    pinned = sum(1 for p in words.pm.pinned_on(platform) if start <= p.local < end)
    return (
        f"{platform} {week} takes at most {profile.max_per_week} posts (max_per_week), "
        f"{pinned} of them pinned: raise max_per_week or plan fewer posts there"
    )


def _max_per_day_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    profile = words.problem.rules.platforms[platform]
    return (
        f"{platform} takes at most {profile.max_per_day} posts a day (max_per_day): "
        f"raise it, or spread the posts over more days or platforms"
    )


def _spacing_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    gap = gap_for(words.problem.rules, platform) or timedelta(0)
    return (
        f"{platform} posts must be at least {span(gap)} apart (min_gap), "
        f"which leaves fewer usable slots: lower min_gap or space the slots further apart"
    )


def _quiet_hours_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    quiet = words.problem.rules.quiet_hours_for(platform)
    span = f"{quiet.start:%H:%M}-{quiet.end:%H:%M}" if quiet else ""
    return (
        f"{platform} has no posts in its quiet hours {span}, which closes "
        f"{words.closed(rule)} of its slots: move the slots or the quiet hours"
    )


def _blackout_conflict(words: PlanWords, rule: Rule) -> str:
    blackout = words.problem.rules.blackouts[rule.index or 0]
    first, last = blackout.bounds(words.problem.zone)
    start = _stamp(first)
    end = _stamp(last) if last is not None else "open end"
    platforms = (
        "all platforms" if blackout.platforms is None else ", ".join(sorted(blackout.platforms))
    )
    reason = f" ({blackout.reason})" if blackout.reason else ""
    return (
        f"the blackout {start} to {end}{reason} closes {words.closed(rule)} slots on "
        f"{platforms}: shorten it, or plan other weeks"
    )


def _format_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    formats = words.problem.rules.platforms[platform].formats or frozenset()
    eligibility = Eligibility(words.problem)
    shut = sorted(
        {
            item.id: item.format
            for item in words.pm.items
            if item.format is not None
            and item.format not in formats
            and eligibility.allows_platform(item, platform)
        }.items()
    )
    kinds = sorted({str(kind) for _, kind in shut})
    items = words.count(len(shut), "item", "items")
    return (
        f"{platform} takes only {', '.join(sorted(formats))} (formats), so {items} "
        f"meant for it ({', '.join(kinds)}) cannot go there: change their format or the "
        f"platform's formats"
    )


def _title_length_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    profile = words.problem.rules.platforms[platform]
    return (
        f"{platform} titles may be at most {profile.max_title} {profile.title_units} long "
        f"(max_title): shorten the titles of items meant for {platform}"
    )


def _campaign_conflict(words: PlanWords, rule: Rule) -> str:
    campaign = words.problem.rules.campaigns[rule.name or ""]
    launch = _stamp(launch_of(campaign, words.problem.zone)[1])
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


def _topic_conflict(words: PlanWords, rule: Rule) -> str:
    age = words.problem.rules.trending_max_age or timedelta(0)
    return (
        f"posts on the topic {rule.name} must all come within {span(age)} of the "
        f"first one (trending.max_age): drop some of its items, or raise max_age"
    )


def _duplicate_conflict(words: PlanWords, rule: Rule) -> str:
    return (
        f"{rule.platform} may not repeat a title within 7 days (duplicate): rename the "
        f"items or plan them further apart"
    )


def _role_fit_conflict(words: PlanWords, rule: Rule) -> str:
    platform = rule.platform or ""
    target = words.problem.rules.target_for(platform)
    top = [p for p, r in target.items() if r == max(target.values())]
    return (
        f"{platform}'s most frequent pillar must be one of {', '.join(top)} (role-fit): "
        f"add items of that pillar for {platform}"
    )


def _least_size_from_cadence(words: PlanWords, group: MixGroup) -> int:
    """The fewest posts min_per_week forces on the group (0 when none does)."""
    problem = words.problem
    if not (problem.enforced("cadence") and problem.rules.mix.window == "week"):
        return 0
    platforms = [group.platform] if group.platform else list(problem.rules.planning_platforms)
    required = group.pinned_total
    forced = False
    for platform in platforms:
        minimum = week_minimum(problem.rules, platform)
        if minimum is not None:
            held = sum(
                1
                for post in problem.pinned
                if post.platform == platform and group.start <= post.local < group.end
            )
            required += max(0, minimum - held)
            forced = True
    return required if forced else 0


def _choices(options: list[str]) -> str:
    """``a, b, or c``."""
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + ", or " + options[-1]


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


# -- fix: a rule that blocks every mending move, as a noun phrase -------------------------


def _quiet_hours_blocker(words: FixWords, rule: Rule) -> str:
    platform = rule.platform or ""
    quiet = words.rules.quiet_hours_for(platform)
    hours = f" ({quiet.start:%H:%M}-{quiet.end:%H:%M})" if quiet else ""
    return f"{platform}'s quiet hours{hours}"


def _blackout_blocker(words: FixWords, rule: Rule) -> str:
    if rule.index is None:
        return rule.kind
    blackout = words.rules.blackouts[rule.index]
    first, last = blackout.bounds(words.zone)
    start = stamp(first)
    end = stamp(last) if last is not None else "open end"
    reason = f' "{blackout.reason}"' if blackout.reason else ""
    return f"the blackout{reason} ({start} to {end})"


def _campaign_blocker(words: FixWords, rule: Rule) -> str:
    return f"the {rule.name} campaign's phase spans"


def _expires_blocker(words: FixWords, rule: Rule) -> str:
    post = words.posts.get(rule.name or "")
    if post is not None and post.expires is not None:
        moment = stamp(post.expires.astimezone(words.zone).replace(tzinfo=None))
        return f"{post.id}'s expires ({moment})"
    return f"{rule.name}'s expires"


def _topic_blocker(words: FixWords, rule: Rule) -> str:
    age = words.rules.trending_max_age
    limit = span(age) if age else "max_age"
    return f"the {limit} limit on the topic {rule.name} (trending.max_age)"


def _spacing_blocker(words: FixWords, rule: Rule) -> str:
    platform = rule.platform or ""
    gap = gap_for(words.rules, platform)
    if gap is None:
        return rule.kind
    return f"{platform}'s min_gap ({span(gap)})"


def _duplicate_blocker(words: FixWords, rule: Rule) -> str:
    return f"the 7-day rule for repeated titles on {rule.platform or ''}"


def _cadence_blocker(words: FixWords, rule: Rule) -> str:
    platform = rule.platform or ""
    profile = words.rules.platforms.get(platform)
    if profile is None:
        return rule.kind
    setting = rule.kind.replace("-", "_")  # max_per_day, max_per_week, min_per_week
    text = f"{platform}'s {setting} ({getattr(profile, setting)})"
    return text if rule.kind == "max-per-day" else f"{text} in {rule.window}"


def _band_blocker(words: FixWords, rule: Rule) -> str:
    who = rule.platform or f"{words.brand} (all platforms)"
    side = "least" if rule.kind == "band-min" else "most"
    return f"the mix band of {who} {rule.window} (at {side} so many {rule.pillar} posts)"


def _series_blocker(words: FixWords, rule: Rule) -> str:
    return f"the series {rule.name}'s time"


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleKind:
    """One kind of rule instance, and what it means in words."""

    checks: tuple[str, ...]  # the checks whose violations it stands for
    conflict: Callable[[PlanWords, Rule], str] | None = None  # plan: in conflict
    blocker: Callable[[FixWords, Rule], str] | None = None  # fix: stops a mending move


_MIX = ("mix", "mix-brand")

RULE_KINDS: dict[str, RuleKind] = {
    "quiet-hours": RuleKind(("quiet-hours",), _quiet_hours_conflict, _quiet_hours_blocker),
    "blackout": RuleKind(("blackout",), _blackout_conflict, _blackout_blocker),
    "campaign": RuleKind(("campaign-phase",), _campaign_conflict, _campaign_blocker),
    "expires": RuleKind(("stale-trend",), None, _expires_blocker),
    "topic": RuleKind(("stale-trend",), _topic_conflict, _topic_blocker),
    "spacing": RuleKind(("spacing",), _spacing_conflict, _spacing_blocker),
    "duplicate": RuleKind(("duplicate",), _duplicate_conflict, _duplicate_blocker),
    "max-per-day": RuleKind(("cadence",), _max_per_day_conflict, _cadence_blocker),
    "max-per-week": RuleKind(("cadence",), _max_per_week_conflict, _cadence_blocker),
    "min-per-week": RuleKind(("cadence",), _min_per_week_conflict, _cadence_blocker),
    "band-min": RuleKind(_MIX, _band_min_conflict, _band_blocker),
    "band-max": RuleKind(_MIX, _band_max_conflict, _band_blocker),
    "series": RuleKind(("series",), None, _series_blocker),
    "format": RuleKind(("format",), _format_conflict),
    "title-length": RuleKind(("title-length",), _title_length_conflict),
    "role-fit": RuleKind(("role-fit",), _role_fit_conflict),
}


def check_of(kind: str) -> str:
    """The check a rule kind belongs to (the first, for the band's)."""
    return RULE_KINDS[kind].checks[0]


def kinds_of(check: str) -> set[str]:
    """The rule kinds that stand for violations of ``check``."""
    return {name for name, kind in RULE_KINDS.items() if check in kind.checks}


def conflict_sentence(words: PlanWords, rule: Rule) -> str:
    """`plan`: a rule in conflict, what it demands and what to change."""
    kind = RULE_KINDS.get(rule.kind)
    if kind is None or kind.conflict is None:
        return f"{rule.kind} {rule.platform or ''} {rule.window or ''}".strip()
    return kind.conflict(words, rule)


def blocker_phrase(words: FixWords, rule: Rule) -> str:
    """`fix`: a rule that stops every move that would mend a violation."""
    kind = RULE_KINDS.get(rule.kind)
    if kind is None or kind.blocker is None:
        return rule.kind
    return kind.blocker(words, rule)
