"""title-length: a title longer than its platform's ``max_title``.

Length is counted in Unicode code points, whatever the script: "春季套装"
is 4. With ``title_units: weighted`` (as on X) a CJK character counts 2:
here that is every character that Unicode calls East Asian Wide or
Fullwidth (Chinese, Japanese, Korean, fullwidth forms, and the emoji drawn
wide), and every other character counts 1. ``title_length`` is the one
function for it; the planner uses it too.

Rule keys read: ``platforms.<p>.max_title``, ``platforms.<p>.title_units``.

.. rubric:: Examples

With ``platforms: {xiaohongshu: {max_title: 20}}`` a 20-character title
**passes** and a 21-character one **fails**. With ``platforms: {x:
{max_title: 10, title_units: weighted}}``::

    - {id: a, ..., platform: x, title: "小米SU7发布"}     # 2*2 + 3 + 2*2 = 11: fails
    - {id: b, ..., platform: x, title: "小米SU7"}         # 2*2 + 3 = 7: passes

The message reads::

    a: the title is 11 weighted characters (CJK count 2), x allows 10: cut at
    least 1
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from contentplan.checks.grouping import week_of
from contentplan.core.model import Brand, Finding, PlatformRules


def title_length(text: str, units: str = "codepoints") -> int:
    """A title's length as its platform counts it: code points, or with
    ``units == "weighted"`` code points where wide (CJK) characters count 2."""
    if units != "weighted" or text.isascii():
        return len(text)
    east_asian_width = unicodedata.east_asian_width
    return sum(2 if east_asian_width(char) in ("W", "F") else 1 for char in text)


def over_length(title: str, profile: PlatformRules | None) -> int | None:
    """The title's length when it is longer than the platform's
    ``max_title``, else None. The one test of this rule for the check and
    the planner."""
    if profile is None or profile.max_title is None:
        return None
    limit = profile.max_title
    if len(title) <= limit and (profile.title_units != "weighted" or 2 * len(title) <= limit):
        return None  # cannot be too long, whatever the weights
    length = title_length(title, profile.title_units)
    return length if length > limit else None


def check(brand: Brand) -> Iterator[Finding]:
    platforms = brand.rules.platforms
    for post in brand.posts:
        profile = platforms.get(post.platform)
        length = over_length(post.title, profile)
        if length is None:
            continue
        assert profile is not None and profile.max_title is not None
        limit = profile.max_title
        unit = (
            "weighted characters (CJK count 2)"
            if profile.title_units == "weighted"
            else "characters"
        )
        yield Finding(
            message=(
                f"{post.id}: the title is {length} {unit}, {post.platform} allows {limit}: "
                f"cut at least {length - limit}"
            ),
            posts=(post,),
            platform=post.platform,
            window=week_of(post),
        )
