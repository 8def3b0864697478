"""format: a post whose format its platform does not take.

A platform's ``formats`` lists what it takes (the built-in profiles set it
for every built-in platform, docs/reference.md#built-in-platforms; a rules
file may replace the list). A platform without ``formats`` takes anything,
and a post without ``format`` has nothing to check.

(The module is ``formats`` so that it does not shadow the built-in
``format``; the check's name is ``format``.)

Rule keys read: ``platforms.<p>.formats``.

.. rubric:: Examples

With ``platforms: {x: {formats: [text, image, video]}}`` this **passes**::

    - {id: a, at: "2025-03-25 09:00", platform: x, pillar: story, title: A, format: image}
    - {id: b, at: "2025-03-25 12:00", platform: x, pillar: story, title: B}

and this **fails**::

    - {id: c, at: "2025-03-25 15:00", platform: x, pillar: story, title: C, format: article}

The message reads::

    c is an article post, but x takes text, image or video: change its format,
    or move it to a platform that takes article posts
"""

from __future__ import annotations

from collections.abc import Iterator

from contentplan.checks.grouping import joined, week_of
from contentplan.core.model import FORMATS, Brand, Finding, PlatformRules


def takes(profile: PlatformRules | None, format: str | None) -> bool:
    """Whether a platform takes a post of ``format``: a post without a
    format, or a platform without ``formats``, always passes. The one test
    of this rule for the check and the planner."""
    return format is None or profile is None or profile.formats is None or (
        format in profile.formats
    )


def check(brand: Brand) -> Iterator[Finding]:
    platforms = brand.rules.platforms
    for post in brand.posts:
        profile = platforms.get(post.platform)
        if takes(profile, post.format):
            continue
        assert profile is not None and profile.formats is not None and post.format is not None
        taken = joined(_in_order(profile.formats), "or") or "no format at all"
        article = "an" if post.format[:1] in "aeiou" else "a"
        yield Finding(
            message=(
                f"{post.id} is {article} {post.format} post, but {post.platform} takes "
                f"{taken}: change its format, or move it to a platform that takes "
                f"{post.format} posts"
            ),
            posts=(post,),
            platform=post.platform,
            window=week_of(post),
        )


def _in_order(formats: frozenset[str]) -> list[str]:
    """The formats in the order docs/reference.md#calendar-files lists them, then any others."""
    known = [name for name in FORMATS if name in formats]
    return known + sorted(formats - set(FORMATS))
