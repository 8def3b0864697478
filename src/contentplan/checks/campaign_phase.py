"""campaign-phase: a campaign post outside the span of its phase.

For a post with ``campaign`` and ``phase``, with the campaign's ``launch``
read in the calendar's time zone:

- ``teaser``: in ``[launch - teaser_days, launch)``; without
  ``teaser_days``, any time before the launch;
- ``launch``: on the launch's local date;
- ``recap``: in ``(launch, launch + recap_days]``; without ``recap_days``,
  any time after the launch.

Spans are elapsed time: ``teaser_days: 60`` is 60 × 24 hours, also across a
DST change. A post with a campaign but no phase has nothing to check. A
launch that falls in a DST gap or overlap (a schema problem of the rules) is
read as its first reading here.

Rule keys read: ``campaigns.<c>.launch``, ``campaigns.<c>.teaser_days``,
``campaigns.<c>.recap_days``.

.. rubric:: Examples

With ``campaigns: {su7: {launch: "2024-03-28 19:00", teaser_days: 60,
recap_days: 14}}`` this **passes**::

    - {id: t, at: "2024-03-27 20:00", ..., campaign: su7, phase: teaser}
    - {id: l, at: "2024-03-28 09:00", ..., campaign: su7, phase: launch}
    - {id: r, at: "2024-04-11 19:00", ..., campaign: su7, phase: recap}

and this **fails** three times::

    - {id: t, at: "2024-03-28 19:00", ..., campaign: su7, phase: teaser}
    - {id: l, at: "2024-03-29 09:00", ..., campaign: su7, phase: launch}
    - {id: r, at: "2024-04-11 19:01", ..., campaign: su7, phase: recap}

Messages read::

    t is a su7 teaser at 2024-03-28 19:00, not before the launch (2024-03-28
    19:00): move it to between 2024-01-28 19:00 and the launch, or make it a
    launch or recap post
    l is the su7 launch post on 2024-03-29, but the launch is on 2024-03-28:
    move it to 2024-03-28
    r is a su7 recap at 2024-04-11 19:01, more than 14d after the launch
    (2024-03-28 19:00): move it to 2024-04-11 19:00 or earlier
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from contentplan.checks.grouping import local_stamp, span, stamp, week_of
from contentplan.core.clock import ClockError, resolve
from contentplan.core.model import Brand, Campaign, Finding, Post
from contentplan.core.text import clip


def launch_of(campaign: Campaign, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The launch as (UTC instant, local wall clock) in a calendar's zone."""
    try:
        return resolve(campaign.launch, zone)
    except ClockError:
        local = campaign.launch.naive
        return local.replace(tzinfo=zone).astimezone(UTC), local


# How a time misses its phase's span (``phase_miss``).
NOT_BEFORE = "not before the launch"  # a teaser at or after the launch
TOO_EARLY = "too early"  # a teaser more than teaser_days before the launch
OTHER_DAY = "not on the launch day"  # a launch post on another local date
NOT_AFTER = "not after the launch"  # a recap at or before the launch
TOO_LATE = "too late"  # a recap more than recap_days after the launch


def phase_miss(
    campaign: Campaign,
    phase: str,
    instant: datetime,
    day: date,
    launch: tuple[datetime, datetime],
) -> str | None:
    """How a post of ``phase`` at ``instant`` (UTC; ``day`` its local date)
    misses the campaign's span for that phase, or None when it is inside:
    teasers in [launch - teaser_days, launch), launch posts on the launch's
    local date, recaps in (launch, launch + recap_days]. ``launch`` is
    ``launch_of(campaign, zone)``. The one test of this rule: the check,
    the planner's items and `fix` all ask it."""
    at, at_local = launch
    if phase == "teaser":
        if instant >= at:
            return NOT_BEFORE
        if campaign.teaser_days is not None and instant < at - campaign.teaser_days:
            return TOO_EARLY
    elif phase == "launch":
        if day != at_local.date():
            return OTHER_DAY
    elif phase == "recap":
        if instant <= at:
            return NOT_AFTER
        if campaign.recap_days is not None and instant > at + campaign.recap_days:
            return TOO_LATE
    return None


def phase_problem(post: Post, campaign: Campaign, zone: ZoneInfo) -> str | None:
    """Why a campaign post is outside its phase's span, or None when it is in."""
    if post.phase is None:
        return None
    launch, launch_local = launch_of(campaign, zone)
    miss = phase_miss(campaign, post.phase, post.instant, post.local.date(), (launch, launch_local))
    if miss is None:
        return None
    name = clip(campaign.name)
    at = stamp(post.local)

    def local(instant: datetime) -> str:
        return local_stamp(instant, zone)

    if miss == NOT_BEFORE:
        where = (
            "before the launch"
            if campaign.teaser_days is None
            else f"between {local(launch - campaign.teaser_days)} and the launch"
        )
        return (
            f"{post.id} is a {name} teaser at {at}, not before the launch "
            f"({stamp(launch_local)}): move it to {where}, or make it a launch "
            f"or recap post"
        )
    if miss == TOO_EARLY:
        assert campaign.teaser_days is not None
        return (
            f"{post.id} is a {name} teaser at {at}, more than "
            f"{span(campaign.teaser_days)} before the launch ({stamp(launch_local)}): "
            f"move it to {local(launch - campaign.teaser_days)} or later"
        )
    if miss == OTHER_DAY:
        return (
            f"{post.id} is the {name} launch post on {post.local.date().isoformat()}, "
            f"but the launch is on {launch_local.date().isoformat()}: move it to "
            f"{launch_local.date().isoformat()}"
        )
    if miss == NOT_AFTER:
        return (
            f"{post.id} is a {name} recap at {at}, not after the launch "
            f"({stamp(launch_local)}): move it after the launch, or make it a teaser"
        )
    assert campaign.recap_days is not None
    return (
        f"{post.id} is a {name} recap at {at}, more than {span(campaign.recap_days)} "
        f"after the launch ({stamp(launch_local)}): move it to "
        f"{local(launch + campaign.recap_days)} or earlier"
    )


def check(brand: Brand) -> Iterator[Finding]:
    zone = brand.zone
    campaigns = brand.rules.campaigns
    for post in brand.posts:
        if post.campaign is None or post.phase is None:
            continue
        campaign = campaigns.get(post.campaign)
        if campaign is None:
            continue  # an unknown campaign is a schema problem
        problem = phase_problem(post, campaign, zone)
        if problem is not None:
            yield Finding(
                message=problem,
                posts=(post,),
                platform=post.platform,
                window=week_of(post),
            )
