"""evergreen: a repeat (``repeat_of``) too soon, too often, or of no post.

A post with ``repeat_of: ID`` publishes again the content of the post
``ID`` of the same brand. Repeats of repeats lead back to one original: the
post at the end of the chain, which has no ``repeat_of``. The
publications of one content are the original and all its repeats, in time
order. The rules' ``evergreen`` policy (the house minimum; absent: a
cooldown of 30d and no limit on repeats) says that:

- each publication comes at least ``cooldown`` after the one before it,
  counted in elapsed time (``30d`` is 720 hours, whatever the clocks do);
- the content is repeated at most ``max_repeats`` times: the repeats after
  that many are reported;
- ``repeat_of`` names a post of the brand, and the chain ends at an
  original (it does not go round in a circle).

A repeat that keeps the cooldown is not a ``duplicate`` either, whatever
its title. Backlog items marked ``evergreen`` are what ``plan`` repeats.

Rule keys read: ``evergreen`` (``cooldown``, ``max_repeats``).

A post's ``ignore: [evergreen]`` drops the findings about that repeat.

.. rubric:: Examples

With ``evergreen: {cooldown: 30d, max_repeats: 1}`` this **passes**::

    - {id: a, at: "2025-03-04 20:00", platform: wechat, pillar: story, title: Story}
    - {id: a2, at: "2025-04-03 20:00", platform: weibo, pillar: story, title: Story, repeat_of: a}

and this **fails** (29 days, then a second repeat, then a repeat of nothing)::

    - {id: a, at: "2025-03-04 20:00", platform: wechat, pillar: story, title: Story}
    - {id: b, at: "2025-04-02 20:00", platform: wechat, pillar: story, title: Story, repeat_of: a}
    - {id: c, at: "2025-06-02 20:00", platform: wechat, pillar: story, title: Story, repeat_of: b}
    - {id: d, at: "2025-06-03 20:00", platform: wechat, pillar: story, title: Tips, repeat_of: tipz}

The messages read::

    b repeats a 29d after its last publication (a, 2025-03-04 20:00), but the
    evergreen cooldown is 30d: move b to 2025-04-03 20:00 or later

    c is repeat 2 of a, but the rules allow max_repeats: 1: drop c, or publish new
    content instead

    d has repeat_of: tipz, but the brand has no post tipz: write the id of the
    post d publishes again, or remove its repeat_of:
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta

from contentplan.checks.grouping import local_stamp, span, stamp, week_of
from contentplan.core.clock import format_duration
from contentplan.core.model import Brand, Finding, Post
from contentplan.core.quoting import quote
from contentplan.load.fields import suggest

# A post id inside a message is cut to this many characters; a chain shown
# in a message to this many ids.
_ID = 100
_CHAIN = 8


def publications(posts: tuple[Post, ...]) -> tuple[dict[str, Post], dict[str, str]]:
    """The brand's posts by id, and for every post that is a repeat the id
    of its original: the end of its chain of ``repeat_of``. A repeat of no
    post counts as its own original's stand-in (it is a publication all
    the same), and so does a post whose chain goes round in a circle."""
    by_id = {post.id: post for post in posts}
    original: dict[str, str] = {}
    for post in posts:
        if post.repeat_of is None:
            continue
        seen = [post.id]
        current = post
        while current.repeat_of is not None:
            found = by_id.get(current.repeat_of)
            if found is None or found.id in seen:
                break
            seen.append(found.id)
            current = found
        original[post.id] = current.id
    return by_id, original


def declared_repeat(
    first: Post, second: Post, by_id: Mapping[str, Post], original: Mapping[str, str],
    cooldown: timedelta,
) -> bool:
    """Whether ``second`` is a declared repeat of the content ``first``
    publishes, ``cooldown`` or more after it: the ``duplicate`` check lets
    such a pair be."""
    if second.repeat_of is None or second.id not in original:
        return False
    root = original[second.id]
    return (
        original.get(first.id, first.id) == root
        and root in by_id
        and second.instant - first.instant >= cooldown
    )


def check(brand: Brand) -> Iterator[Finding]:
    if not any(post.repeat_of is not None for post in brand.posts):
        return
    policy = brand.rules.evergreen
    by_id, original = publications(brand.posts)
    zone = brand.zone
    groups: dict[str, list[Post]] = {}
    for post in brand.posts:  # sorted by (instant, id)
        if post.repeat_of is None:
            continue
        if post.repeat_of not in by_id:
            named = quote(post.repeat_of, _ID)
            hint = suggest(post.repeat_of, by_id)
            near = f" ({hint.strip().replace('Did', 'did', 1)})" if hint else ""
            yield _finding(
                post,
                f"{post.id} has repeat_of: {named}, but the brand has no post {named}{near}: "
                f"write the id of the post {post.id} publishes again, or remove its repeat_of:",
            )
            continue
        circle = _circle(post, by_id)
        if circle:
            yield _finding(
                post,
                f"the repeat_of of {post.id} goes round in a circle ({' -> '.join(circle)}): "
                "the first publication of the content must have no repeat_of; remove it there",
            )
            continue
        root = original[post.id]
        groups.setdefault(root, [by_id[root]]).append(post)
    for root, published in groups.items():
        first = published[0]
        published.sort(key=lambda post: (post.instant, post.id))
        repeats = 0
        for index, post in enumerate(published):
            if post is first:
                continue
            if post.instant < first.instant:
                yield _finding(
                    post,
                    f"{post.id} repeats {root}, but comes before it ({root} is at "
                    f"{stamp(first.local)}): a repeat follows the first publication; move "
                    f"{post.id} later, or make {root} the repeat",
                )
                continue
            repeats += 1
            wrong: list[str] = []
            before = published[index - 1]
            gap = post.instant - before.instant
            if gap < policy.cooldown:
                earliest = local_stamp(before.instant + policy.cooldown, zone)
                wrong.append(
                    f"{post.id} repeats {root} {span(gap)} after its last publication "
                    f"({before.id}, {stamp(before.local)}), but the evergreen cooldown is "
                    f"{format_duration(policy.cooldown)}: move {post.id} to {earliest} or later"
                )
            if policy.max_repeats is not None and repeats > policy.max_repeats:
                wrong.append(
                    f"{post.id} is repeat {repeats} of {root}, but the rules allow "
                    f"max_repeats: {policy.max_repeats}: drop {post.id}, or publish new content "
                    "instead"
                )
            if wrong:
                yield _finding(post, "; and ".join(wrong))


def _circle(post: Post, by_id: Mapping[str, Post]) -> list[str]:
    """The ids of the chain of repeat_of from ``post`` when it comes back to
    a post already in it (the last id is that post); empty when it ends."""
    chain = [post.id]
    seen = {post.id}
    current = post
    while current.repeat_of is not None:
        found = by_id.get(current.repeat_of)
        if found is None:
            return []
        chain.append(found.id)
        if found.id in seen:
            return chain if len(chain) <= _CHAIN else [*chain[:_CHAIN - 1], "...", found.id]
        seen.add(found.id)
        current = found
    return []


def _finding(post: Post, message: str) -> Finding:
    return Finding(message=message, posts=(post,), platform=post.platform, window=week_of(post))
