"""mix: a platform's window whose pillar counts leave the band.

For every platform and every window (the ISO week in the calendar's time
zone, or the calendar month with ``mix.window: month``), the posts of each
pillar are counted. A group with fewer than ``mix.min_posts`` posts is not
judged. Otherwise every pillar's count must lie in its band, computed by
``contentplan.core.band.mix_band`` from the platform's target (its own ``mix``,
else its role's default, else ``mix.target``) and ``mix.tolerance``; see
docs/reference.md#the-mix-band and
docs/reference.md#which-mix-target-applies. A pillar with no posts counts
0.

There is one violation per platform and window. It lists every post of the
group, and carries ``expected`` ({pillar: [lo, hi]}) and ``actual``
({pillar: n}) for every pillar. The message names each pillar out of its
band and the fewest pillar changes that mend the window, e.g.::

    weibo 2024-W13: functional 2 of 10 posts, needs 5..7; story 6, needs 1..3
    (6:2:2 ±10%): turn 3 story posts into functional ones, or add functional
    posts

Runs when ``mix.scope`` holds ``platform`` (the default).

Rule keys read: ``pillars``, ``mix.target``, ``mix.window``,
``mix.tolerance``, ``mix.min_posts``, ``mix.scope``, ``platforms.<p>.mix``,
``platforms.<p>.role``.

.. rubric:: Examples

With ``mix: {target: {functional: 5, story: 3, trending: 2}}`` and
``tolerance: 0.10`` (10 posts: functional 4..6, story 2..4, trending 1..3),
this week on weibo **passes**::

    posts:   # 2024-W13, weibo
      - {id: a, at: "2024-03-25 09:00", platform: weibo, pillar: functional, ...}
      # ... 5 functional, 3 story, 2 trending in all

and this one **fails** (story 7 of 10, functional 2 of 10)::

    posts:   # 2024-W13, weibo
      # ... 2 functional, 7 story, 1 trending
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from contentplan.checks.grouping import by_platform, joined, posts_word, window_of_day
from contentplan.core.band import Band, mix_band, ratio_label, tolerance_label
from contentplan.core.model import Brand, Finding, Post, Rules


def check(brand: Brand) -> Iterator[Finding]:
    rules = brand.rules
    if not in_scope(rules, PLATFORM):
        return
    for platform, posts in by_platform(brand.posts).items():
        for window, group in by_window(posts, rules.mix.window).items():
            finding = judge(group, rules, who=platform, window=window, platform=platform)
            if finding is not None:
                yield finding


def by_window(posts: Sequence[Post], window: str) -> dict[str, list[Post]]:
    """Posts per mix window, each list in the given order."""
    groups: dict[str, list[Post]] = {}
    # Posts come mostly in time order: name the window once per run of one day.
    day = group = None
    for post in posts:
        if group is None or post.local.date() != day:
            day = post.local.date()
            group = groups.setdefault(window_of_day(day, window), [])
        group.append(post)
    return groups


# The kinds of group that ``mix.scope`` names.
PLATFORM, BRAND = "platform", "brand"


def scope_of(platform: str | None) -> str:
    """The kind of a group: one platform's, or the brand's (``platform`` None)."""
    return PLATFORM if platform is not None else BRAND


def in_scope(rules: Rules, scope: str) -> bool:
    """Whether ``mix.scope`` judges groups of this kind (``PLATFORM``, ``BRAND``)."""
    return scope in rules.mix.scope


def judged(rules: Rules, platform: str | None, total: int) -> bool:
    """Whether a group of ``total`` posts is judged at all: its kind is in
    ``mix.scope`` and it has at least ``mix.min_posts`` posts."""
    return in_scope(rules, scope_of(platform)) and total >= rules.mix.min_posts


def band_for(target: Mapping[str, Fraction], tolerance: Fraction, total: int) -> Band:
    """Every pillar's allowed count in a group of ``total`` posts (a new dict
    each call: callers may keep it)."""
    return dict(_band(tuple(target.items()), tolerance, total))


def outside(band: Mapping[str, tuple[int, int]], counts: Mapping[str, int]) -> dict[str, str]:
    """The pillars whose count leaves the band: ``below`` or ``above``. A
    pillar missing from ``counts`` counts 0; pillars outside the band are not
    judged."""
    result: dict[str, str] = {}
    for pillar, (lo, hi) in band.items():
        count = counts.get(pillar, 0)
        if count < lo:
            result[pillar] = "below"
        elif count > hi:
            result[pillar] = "above"
    return result


@dataclass(frozen=True, slots=True)
class Judgement:
    """How one group (a platform's or the brand's window) stands."""

    judged: bool  # in mix.scope and at least mix.min_posts posts
    band: Band  # every target pillar's allowed counts for the group's size
    counts: Mapping[str, int]  # every target pillar's count, 0 when absent

    @property
    def outside(self) -> dict[str, str]:
        return outside(self.band, self.counts)

    @property
    def ok(self) -> bool | None:
        """True or False when judged; None when the group is not judged."""
        return not self.outside if self.judged else None


def judge_group(counts: Mapping[str, int], rules: Rules, platform: str | None) -> Judgement:
    """The one test of `mix` and `mix-brand` for one group: ``counts`` are
    its posts per pillar, ``platform`` the platform (None: the brand, all
    platforms together, whose target is always ``mix.target``). The checks,
    the report, the week view and the planner's bands all ask it."""
    total = sum(counts.values())
    band = band_for(rules.target_for(platform), rules.mix.tolerance, total)
    return Judgement(
        judged=judged(rules, platform, total),
        band=band,
        counts={pillar: counts.get(pillar, 0) for pillar in band},
    )


def judge(
    posts: Sequence[Post],
    rules: Rules,
    *,
    who: str,
    window: str,
    platform: str | None,
) -> Finding | None:
    """The finding for one group of posts, or None when its mix is in band
    (or the group is not judged). Shared with ``mix-brand``."""
    tally: dict[str, int] = {}
    for post in posts:
        tally[post.pillar] = tally.get(post.pillar, 0) + 1
    verdict = judge_group(tally, rules, platform)
    if not verdict.judged or not verdict.outside:
        return None
    target = rules.target_for(platform)
    return Finding(
        message=_message(
            who, window, len(posts), verdict.band, verdict.counts, target, rules.mix.tolerance
        ),
        posts=tuple(posts),
        platform=platform,
        window=window,
        expected=verdict.band,
        actual=dict(verdict.counts),
    )


@lru_cache(maxsize=1024)
def _band(
    target: tuple[tuple[str, Fraction], ...], tolerance: Fraction, count: int
) -> tuple[tuple[str, tuple[int, int]], ...]:
    # Windows of one size repeat all year; the band is pure, so keep it.
    return tuple(mix_band(dict(target), tolerance, count).items())


def _message(
    who: str,
    window: str,
    count: int,
    band: Mapping[str, tuple[int, int]],
    actual: Mapping[str, int],
    target: Mapping[str, Fraction],
    tolerance: Fraction,
) -> str:
    wrong: list[str] = []
    for pillar, (lo, hi) in band.items():
        if not lo <= actual[pillar] <= hi:
            # The group size once, with the first pillar: "functional 2 of 10 posts".
            size = "" if wrong else f" of {posts_word(count)}"
            needs = lo if lo == hi else f"{lo}..{hi}"
            wrong.append(f"{pillar} {actual[pillar]}{size}, needs {needs}")
    label = f"{ratio_label(target)} {tolerance_label(tolerance)}"
    return f"{who} {window}: {'; '.join(wrong)} ({label}): {advice(band, actual)}"


def advice(band: Mapping[str, tuple[int, int]], actual: Mapping[str, int]) -> str:
    """What to do: the fewest pillar changes that bring every pillar into its
    band (the number of posts stays, so the band stays), then the other way
    out, adding posts of the pillars that are short (or, when none is short,
    dropping posts of those that are over)."""
    turns = plan_turns(band, actual)
    phrases = [_turn_phrase(amount, source, goal) for amount, source, goal in turns]
    text = "turn " + joined(phrases) if phrases else "change the pillars of some posts"
    short = [pillar for pillar, (lo, _) in band.items() if actual[pillar] < lo]
    over = [pillar for pillar, (_, hi) in band.items() if actual[pillar] > hi]
    if short:
        return f"{text}, or add {joined(short, 'or')} posts"
    return f"{text}, or drop {joined(over, 'or')} posts"


def plan_turns(
    band: Mapping[str, tuple[int, int]], actual: Mapping[str, int]
) -> list[tuple[int, str, str]]:
    """The fewest (count, from pillar, to pillar) changes that put every
    pillar in its band without changing the number of posts.

    Each change lowers one pillar and raises another, so the fewest is the
    larger of the total shortfall and the total excess. The side that is
    smaller is topped up from pillars with room: those above their lower
    bound give, those below their upper bound take. The band's definition promises that
    some split of the posts meets every band, so there is always enough room.
    """
    short = {p: band[p][0] - c for p, c in actual.items() if c < band[p][0]}
    over = {p: c - band[p][1] for p, c in actual.items() if c > band[p][1]}
    moves = max(sum(short.values()), sum(over.values()))
    give = _top_up(over, moves, {p: actual[p] - band[p][0] for p in actual if p not in short})
    take = _top_up(short, moves, {p: band[p][1] - actual[p] for p in actual if p not in over})
    gives = [(pillar, amount) for pillar, amount in give.items() if amount > 0]
    takes = [(pillar, amount) for pillar, amount in take.items() if amount > 0]
    turns: list[tuple[int, str, str]] = []
    g = t = 0
    while g < len(gives) and t < len(takes):
        (source, left), (goal, wanted) = gives[g], takes[t]
        amount = min(left, wanted)
        turns.append((amount, source, goal))
        gives[g], takes[t] = (source, left - amount), (goal, wanted - amount)
        if left == amount:
            g += 1
        if wanted == amount:
            t += 1
    return turns


def _top_up(must: Mapping[str, int], total: int, room: Mapping[str, int]) -> dict[str, int]:
    """``must`` plus as much from ``room`` (most room first) as makes ``total``."""
    result = dict(must)
    extra = total - sum(must.values())
    for pillar in sorted(room, key=lambda p: -(room[p] - must.get(p, 0))):
        if extra <= 0:
            break
        spare = room[pillar] - must.get(pillar, 0)
        amount = min(spare, extra)
        if amount > 0:
            result[pillar] = result.get(pillar, 0) + amount
            extra -= amount
    return result


def _turn_phrase(amount: int, source: str, goal: str) -> str:
    if amount == 1:
        article = "an" if goal[:1].lower() in "aeiou" else "a"
        return f"1 {source} post into {article} {goal} one"
    return f"{amount} {source} posts into {goal} ones"
