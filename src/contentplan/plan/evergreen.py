"""Evergreen repeats: backlog items published before, planned again once
their cooldown has passed (docs/plan.md).

An item with ``evergreen:`` that the calendar already holds (a post with
its id, or repeats whose chain of ``repeat_of`` leads back to it, as the
`evergreen` check counts them) may come back:

- its cooldown is the longer of the item's and the rules' ``evergreen:``,
  its most repeats the fewer of the two (none given: no limit); with as
  many repeats as that already, it does not come back;
- not before its cooldown has passed since its last publication (the
  latest of those posts), counted both in elapsed time and on the wall
  clock, so that a change of the clocks never brings it back early;
- once per plan, as a new post with a new id (``ITEM-r2`` for its second
  publication, ``ITEM-r3`` for its third...) and ``repeat_of:`` naming the
  original post (the item's id);
- with the item's pillar, title, platforms, format, campaign, phase, topic
  and expiry; its earliest/latest days were about its first publication and
  do not bind a repeat.

A repeat carries no priority. Repeats fill only slots that no fresh item
fills: after the total priority of fresh items is at its most, a level of
its own (``repeats_level``) places as many repeats as the rules allow, and
among as many, those published longest ago first. Then spread, earliness and
the tie-break go on as for any plan. An evergreen item never published is an
ordinary item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from contentplan.checks.evergreen import publications
from contentplan.core.model import Backlog, BacklogItem, Post, Rules
from contentplan.plan.build import PlanModel
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Level
from contentplan.plan.items import from_backlog
from contentplan.plan.problem import PlanItem


def evergreen_repeats(
    backlog: Backlog,
    timezone: str,
    rules: Rules,
    posts: Sequence[Post],
    end: datetime,
    taken: Iterable[str] = (),
) -> list[PlanItem]:
    """One repeat for each published evergreen item whose cooldown passes
    before ``end`` (the local end of the planned weeks) and that may be
    repeated again. ``posts``: every post of the brand; ``taken``: ids the
    new ones must not reuse."""
    # The publications of one content: its original and every repeat whose
    # chain of repeat_of leads back to it, as the `evergreen` check counts them.
    _, original = publications(tuple(posts))
    published: dict[str, list[Post]] = {}
    for post in posts:
        names = {post.id, original.get(post.id, post.id)}
        if post.repeat_of is not None:
            names.add(post.repeat_of)
        for ident in names:
            published.setdefault(ident, []).append(post)
    chosen: list[BacklogItem] = [
        item
        for item in backlog.items
        if item.evergreen is not None and item.series is None and item.id in published
    ]
    if not chosen:
        return []
    base = {
        item.id: item
        for item in from_backlog(replace(backlog, items=tuple(chosen)), timezone)
    }
    used = set(taken) | {post.id for post in posts} | {item.id for item in backlog.items}
    found: list[PlanItem] = []
    for item in chosen:
        assert item.evergreen is not None
        rule = item.evergreen.within(rules.evergreen)  # the stricter of the two
        earlier = published[item.id]
        repeats = sum(1 for post in earlier if post.id != item.id)
        if rule.max_repeats is not None and repeats >= rule.max_repeats:
            continue
        last = max(earlier, key=lambda post: post.sort_key)
        not_before = _not_before(last, rule.cooldown)
        if not_before is None or not_before[1] >= end:
            continue
        number = repeats + 2
        while f"{item.id}-r{number}" in used:
            number += 1
        ident = f"{item.id}-r{number}"
        used.add(ident)
        found.append(
            replace(
                base[item.id],
                id=ident,
                priority=0,
                earliest=None,
                latest=None,
                repeat_of=item.id,
                last_published=last.instant,
                not_before=not_before,
            )
        )
    return found


def _not_before(last: Post, cooldown: timedelta) -> tuple[datetime, datetime] | None:
    """The earliest moment a repeat may go out: ``cooldown`` after ``last``
    as an instant and as a wall clock; None past the last date there is."""
    try:
        return (last.instant + cooldown, last.local + cooldown)
    except OverflowError:
        return None


def repeats_level(pm: PlanModel) -> Level | None:
    """Maximise the repeats placed, then prefer those published longest ago:
    each repeat weighs ``most + (R - rank)``, where rank 0 is the oldest last
    publication and ``most`` outweighs every rank together, so one more
    repeat always beats a better order. None when the plan has no repeats."""
    ranked = sorted(
        (
            i
            for i, item in enumerate(pm.items)
            if item.repeat_of is not None and pm.item_slots[i]
        ),
        key=lambda i: (pm.items[i].last_published or _EPOCH, pm.items[i].id),
    )
    if not ranked:
        return None
    count = len(ranked)
    most = count * (count + 1) // 2 + 1
    weight = {i: most + count - rank for rank, i in enumerate(ranked)}
    lits, coefficients = [], []
    for (i, _), var in pm.placement_vars():
        if i in weight:
            lits.append(var)
            coefficients.append(weight[i])
    total = cp_model.LinearExpr.weighted_sum(lits, coefficients)
    return Level("repeats", -total, sign=-1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
