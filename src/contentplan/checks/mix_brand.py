"""mix-brand: the brand's window, all platforms together, whose pillar
counts leave the band.

Like ``mix``, but every window groups all of the brand's posts on every
platform, and the target is always ``mix.target``: the platforms' own
targets do not apply (see
docs/reference.md#which-mix-target-applies). One violation per window;
it lists every post of the window and carries ``expected`` and ``actual``
for every pillar. The message reads::

    xiaomi (all platforms) 2024-W13: story 9 of 20 posts, needs 4..8
    (5:3:2 ±10%): turn 1 story post into a functional one, or drop story posts

Runs when ``mix.scope`` holds ``brand`` (the default).

Rule keys read: ``pillars``, ``mix.target``, ``mix.window``,
``mix.tolerance``, ``mix.min_posts``, ``mix.scope``.

.. rubric:: Examples

With the default 5:3:2 ±10 %, a week of 10 posts over weibo and douyin with
5 functional, 3 story and 2 trending posts **passes**, even if weibo alone
carries all the story posts. The same week with 8 functional, 1 story and
1 trending post **fails** (functional needs 4..6, story 2..4)::

    posts:   # 2024-W13, any platforms
      # ... 8 functional, 1 story, 1 trending
"""

from __future__ import annotations

from collections.abc import Iterator

from contentplan.checks.mix import BRAND, by_window, in_scope, judge
from contentplan.core.model import Brand, Finding


def check(brand: Brand) -> Iterator[Finding]:
    rules = brand.rules
    if not in_scope(rules, BRAND):
        return
    who = f"{brand.name} (all platforms)"
    for window, group in by_window(brand.posts, rules.mix.window).items():
        finding = judge(group, rules, who=who, window=window, platform=None)
        if finding is not None:
            yield finding
