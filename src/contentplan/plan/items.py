"""What plan places: backlog items, or skeleton placeholders, and the slots
each of them may take.

An item goes only on a platform it allows, only inside its earliest/latest
days, and not after it expires: those are facts about the item, and a slot
that breaks one is never offered to it. The rest are rules: the platform's
formats and title length, the campaign's phase spans, the age of a hot topic,
the duplicate span. A slot that breaks one of those carries the rule, so that
the explaining model can name it (see ``slots``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from contentplan.checks.campaign_phase import launch_of, phase_miss
from contentplan.checks.duplicate import clash
from contentplan.checks.formats import takes
from contentplan.checks.stale_trend import expired
from contentplan.checks.title_length import over_length
from contentplan.core.clock import resolve, week_name
from contentplan.core.model import Backlog, BacklogItem, Campaign, Post, Stamp
from contentplan.plan.problem import (
    PlanItem,
    PlanProblem,
    Rule,
    Slot,
    epoch_seconds,
)

NEVER = Rule("fact")  # the item may never take this slot, whatever the rules say


def from_backlog(backlog: Backlog, timezone: str, taken: Iterable[str] = ()) -> list[PlanItem]:
    """The backlog's items as plan items. ``expires`` without an offset is
    local to the backlog's zone (else the calendar's). Items whose id a post
    already has are left out: they are scheduled already."""
    backlog_zone, calendar_zone = ZoneInfo(backlog.timezone or timezone), ZoneInfo(timezone)
    skip = set(taken)
    return [
        _from_backlog_item(item, backlog_zone, calendar_zone)
        for item in backlog.items
        if item.id not in skip
    ]


def _from_backlog_item(item: BacklogItem, zone: ZoneInfo, calendar_zone: ZoneInfo) -> PlanItem:
    expires: datetime | None = None
    expires_text: str | None = None
    if item.expires is not None:
        expires = resolve(item.expires, zone)[0]
        expires_text = instant_text(expires, calendar_zone)
    return PlanItem(
        id=item.id,
        pillar=item.pillar,
        title=item.title,
        priority=item.priority,
        platforms=item.platforms,
        format=item.format,
        earliest=item.earliest,
        latest=item.latest,
        campaign=item.campaign,
        phase=item.phase,
        topic=item.topic,
        expires=expires,
        expires_text=expires_text,
        where=item.where,
        series=item.series,
    )


def instant_text(instant: datetime, zone: ZoneInfo) -> str:
    """How an instant is written in a calendar of ``zone``: local wall clock,
    with the offset only when that wall clock is ambiguous (DST)."""
    local = instant.astimezone(zone)
    naive = local.replace(tzinfo=None)
    text = naive.strftime("%Y-%m-%d %H:%M" + (":%S" if naive.second else ""))
    try:
        back = resolve(Stamp(naive), zone)[0]
    except ValueError:
        back = None
    if back == instant.astimezone(UTC):
        return text
    offset = local.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}"


def skeleton_items(
    problem: PlanProblem, slots: Iterable[Slot], taken: Iterable[str] = ()
) -> list[PlanItem]:
    """One placeholder per slot and pillar; at most one of them fills the
    slot. Ids already in the calendar are not reused."""
    skip = set(taken)
    items: list[PlanItem] = []
    for slot in slots:
        ident = slot_id(slot)
        if ident in skip:
            continue
        for pillar in problem.rules.pillars:
            items.append(
                PlanItem(
                    id=ident,
                    pillar=pillar,
                    title=placeholder_title(problem, slot, pillar),
                    only=(slot.platform, slot.local),
                )
            )
    return items


def placeholder_title(problem: PlanProblem, slot: Slot, pillar: str) -> str:
    """``<functional> weibo Tue 12:30`` (docs/plan.md), or a shorter form where the
    platform's ``max_title`` is tighter (xiaohongshu: 20), so that placeholders
    still fit there. Every form keeps day and time: titles stay distinct
    within a week, as the `duplicate` check wants."""
    when = f"{slot.local:%a} {slot.local:%H:%M}"
    forms = (
        f"<{pillar}> {slot.platform} {when}",
        f"<{pillar}> {when}",
        f"<{pillar}>{slot.local:%a%H:%M}",
    )
    profile = problem.rules.platforms.get(slot.platform)
    for form in forms:
        if over_length(form, profile) is None:
            return form
    return forms[0]  # nothing fits: the title-length rule keeps it out, as it should


def slot_id(slot: Slot) -> str:
    """``slot-2024-W14-weibo-tue-1230``. A platform whose name holds other
    characters than a post id allows (``A-Z a-z 0-9 . _ -``) is written with
    those replaced and a short digest of the name, so that the id still
    passes `check` and two such platforms never share an id."""
    weekday = slot.local.strftime("%a").lower()
    platform = _ID_UNSAFE.sub("-", slot.platform).strip("-")
    if platform != slot.platform:
        digest = hashlib.sha1(slot.platform.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        platform = f"{platform[:40]}-{digest}".lstrip("-")
    return f"slot-{week_name(slot.day)}-{platform}-{weekday}-{slot.local:%H%M}"


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+", re.ASCII)


@dataclass(frozen=True)
class TopicSpan:
    """What the pinned posts on a topic leave open to a new post on it: no
    later than ``latest`` (max_age after the first pinned post) and no earlier
    than ``earliest`` (so no pinned post ends up more than max_age after a
    new first post). Seconds since the epoch."""

    earliest: int | None
    latest: int | None
    first: int | None  # the earliest pinned post on the topic, any status


def topic_spans(problem: PlanProblem) -> dict[str, TopicSpan]:
    age = max_age(problem)
    if age is None:
        return {}
    spans: dict[str, TopicSpan] = {}
    topics = {item.topic for item in problem.items if item.topic}
    for topic in sorted(topics):
        on_topic = [post for post in problem.pinned if post.topic == topic]
        if not on_topic:
            spans[topic] = TopicSpan(None, None, None)
            continue
        first = min(epoch_seconds(post.instant) for post in on_topic)
        # Pinned posts already stale stay stale whatever plan adds; only those
        # still fresh bind how early a new first post may come.
        fresh = [
            epoch_seconds(post.instant)
            for post in on_topic
            if "stale-trend" not in post.ignore and epoch_seconds(post.instant) <= first + age
        ]
        earliest = max(fresh) - age if fresh else None
        spans[topic] = TopicSpan(earliest, first + age, first)
    return spans


def max_age(problem: PlanProblem) -> int | None:
    """``trending.max_age`` in seconds when `stale-trend` binds, else None."""
    age = problem.rules.trending_max_age
    if age is None or not problem.enforced("stale-trend"):
        return None
    return int(age.total_seconds())


class Eligibility:
    """Which rules close a slot to an item (``NEVER`` for facts)."""

    def __init__(self, problem: PlanProblem) -> None:
        self.problem = problem
        self.zone = problem.zone
        self.topics = topic_spans(problem)
        self.launch: Mapping[str, tuple[datetime, datetime]] = {
            name: launch_of(campaign, self.zone)
            for name, campaign in problem.rules.campaigns.items()
        }
        self.pinned_titles: dict[str, list[Post]] = {}
        for post in problem.pinned:
            if "duplicate" not in post.ignore:
                self.pinned_titles.setdefault(post.platform, []).append(post)

    def allows_platform(self, item: PlanItem, platform: str) -> bool:
        if item.only is not None:
            return item.only[0] == platform
        return item.platforms is None or platform in item.platforms

    def allows_day(self, item: PlanItem, day: date) -> bool:
        if item.earliest is not None and day < item.earliest:
            return False
        return item.latest is None or day <= item.latest

    def closing(self, item: PlanItem, slot: Slot) -> tuple[Rule, ...]:
        """The rules that close ``slot`` to ``item``; ``(NEVER,)`` for a fact."""
        if not self.allows_platform(item, slot.platform) or not self.allows_day(item, slot.day):
            return (NEVER,)
        if item.only is not None and item.only[1] != slot.local:
            return (NEVER,)
        problem = self.problem
        if problem.enforced("stale-trend") and expired(slot.instant, item.expires):
            return (NEVER,)
        if item.not_before is not None and (
            slot.instant < item.not_before[0] or slot.local < item.not_before[1]
        ):
            return (NEVER,)  # an evergreen repeat before its cooldown has passed
        rules: list[Rule] = []
        profile = problem.rules.platforms.get(slot.platform)
        if problem.enforced("format") and not takes(profile, item.format):
            rules.append(Rule("format", platform=slot.platform))
        if problem.enforced("title-length") and over_length(item.title, profile) is not None:
            rules.append(Rule("title-length", platform=slot.platform))
        if (
            item.campaign is not None
            and item.phase is not None
            and problem.enforced("campaign-phase")
        ):
            campaign = problem.rules.campaigns.get(item.campaign)
            if campaign is not None and not self.in_phase(campaign, item.phase, slot):
                rules.append(Rule("campaign", name=item.campaign))
        if item.topic is not None and item.topic in self.topics:
            span = self.topics[item.topic]
            seconds = slot.seconds
            if (span.latest is not None and seconds > span.latest) or (
                span.earliest is not None and seconds < span.earliest
            ):
                rules.append(Rule("topic", name=item.topic))
        if problem.enforced("duplicate") and any(
            clash(item.title, slot.local, post.title, post.local)
            for post in self.pinned_titles.get(slot.platform, ())
        ):
            rules.append(Rule("duplicate", platform=slot.platform))
        return tuple(rules)

    def in_phase(self, campaign: Campaign, phase: str, slot: Slot) -> bool:
        """Whether ``slot`` lies in the campaign's span for ``phase``, as
        `campaign-phase` judges it (its launch read once per run)."""
        launch = self.launch[campaign.name]
        return phase_miss(campaign, phase, slot.instant, slot.day, launch) is None
