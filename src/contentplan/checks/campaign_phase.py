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
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from contentplan.checks._grouping import span, stamp, week_of
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


def phase_problem(post: Post, campaign: Campaign, zone: ZoneInfo) -> str | None:
    """Why a campaign post is outside its phase's span, or None when it is in."""
    launch, launch_local = launch_of(campaign, zone)
    name = clip(campaign.name)
    at = stamp(post.local)

    def local(instant: datetime) -> str:
        return stamp(instant.astimezone(zone).replace(tzinfo=None))

    if post.phase == "teaser":
        if post.instant >= launch:
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
        if campaign.teaser_days is not None and post.instant < launch - campaign.teaser_days:
            return (
                f"{post.id} is a {name} teaser at {at}, more than "
                f"{span(campaign.teaser_days)} before the launch ({stamp(launch_local)}): "
                f"move it to {local(launch - campaign.teaser_days)} or later"
            )
    elif post.phase == "launch":
        if post.local.date() != launch_local.date():
            return (
                f"{post.id} is the {name} launch post on {post.local.date().isoformat()}, "
                f"but the launch is on {launch_local.date().isoformat()}: move it to "
                f"{launch_local.date().isoformat()}"
            )
    elif post.phase == "recap":
        if post.instant <= launch:
            return (
                f"{post.id} is a {name} recap at {at}, not after the launch "
                f"({stamp(launch_local)}): move it after the launch, or make it a teaser"
            )
        if campaign.recap_days is not None and post.instant > launch + campaign.recap_days:
            return (
                f"{post.id} is a {name} recap at {at}, more than {span(campaign.recap_days)} "
                f"after the launch ({stamp(launch_local)}): move it to "
                f"{local(launch + campaign.recap_days)} or earlier"
            )
    return None


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
