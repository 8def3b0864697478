"""role-fit: a platform whose posts do not serve its role (a warning).

For every platform with a ``role`` (the built-in profiles give weibo
``information``, douyin ``entertainment`` and wechat ``service``), the
brand's posts on it are counted per pillar over the whole run, all windows
together. Its most frequent pillars (all of them when tied) must include at
least one of the largest pillars of its target (the platform's own
``mix``, else its role's default, else ``mix.target``; see
docs/reference.md#which-mix-target-applies). An
``information`` platform at 6:2:2 that mostly tells stories does not fit.
A platform without posts is not judged. The violation names no posts and
no window; it points at the ``posts:`` line.

Rule keys read: ``platforms.<p>.role``, ``platforms.<p>.mix``,
``mix.target``, ``pillars``.

.. rubric:: Examples

With the default pillars, weibo (``information``, 6:2:2) with 4 functional
and 4 story posts **passes** (functional ties for most frequent); weibo with
3 functional, 5 story and 1 trending post **fails**::

    weibo (information, 6:2:2) mostly gets story posts (5 of 9), but its
    target gives functional the largest share and it gets only 3 functional
    posts: turn some story posts on weibo into functional ones, or post
    functional there more often
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from contentplan.checks.grouping import by_platform, joined
from contentplan.core.band import ratio_label
from contentplan.core.model import Brand, Finding


def check(brand: Brand) -> Iterator[Finding]:
    rules = brand.rules
    for platform, posts in by_platform(brand.posts).items():
        profile = rules.platforms.get(platform)
        if profile is None or profile.role is None:
            continue
        target = rules.target_for(platform)
        biggest = max(target.values())
        largest = [pillar for pillar, ratio in target.items() if ratio == biggest]
        counts = Counter(post.pillar for post in posts)
        top = max(counts.values())
        # Target order first, so that messages read the same on every run.
        pillars = list(dict.fromkeys([*target, *sorted(counts)]))
        frequent = [pillar for pillar in pillars if counts[pillar] == top]
        if set(frequent) & set(largest):
            continue
        wanted = joined(largest, "or")
        each = " each" if len(frequent) > 1 else ""
        yield Finding(
            message=(
                f"{platform} ({profile.role}, {ratio_label(target)}) mostly gets "
                f"{joined(frequent)} posts ({top} of {len(posts)}{each}), but its target "
                f"gives {joined(largest)} the largest {'share' if len(largest) == 1 else 'shares'}"
                f" and it gets {_counted(counts, largest)}: turn some "
                f"{joined(frequent, 'or')} posts on {platform} into {wanted} ones, or post "
                f"{wanted} there more often"
            ),
            platform=platform,
            where=brand.anchor,
        )


def _counted(counts: Counter[str], pillars: list[str]) -> str:
    """``only 1 story post``, ``no functional posts and only 3 story posts``."""
    return joined(_posts(counts[pillar], pillar) for pillar in pillars)


def _posts(count: int, pillar: str) -> str:
    if count == 0:
        return f"no {pillar} posts"
    return f"only {count} {pillar} post{'s' if count != 1 else ''}"
