"""placeholder: a post still marked ``placeholder: true``.

Without a backlog, `plan` writes a skeleton: a stand-in post in every slot,
titled after its pillar, platform and time (``"<functional> weibo Tue
12:30"``), with an id such as ``slot-2024-W14-weibo-tue-1230`` and the key
``placeholder: true``. A calendar with stand-ins is not ready to publish:
this check names each one until its title is written and the key removed.
It is a warning by default (``check`` still passes, and fails under
``--strict``); ``severity: {placeholder: error}`` in the rules makes it an
error, ``off`` turns it off.

Rule keys read: none.

.. rubric:: Examples

A post without the key, or with ``placeholder: false``, **passes**::

    - {id: a, at: "2025-03-04 12:30", platform: weibo, pillar: functional, title: "Pricing FAQ"}

A stand-in that `plan` wrote **fails**::

    - {id: slot-2025-W10-weibo-tue-1230, ..., placeholder: true}

The message reads::

    post slot-2025-W10-weibo-tue-1230 is a placeholder: write its title and remove
    `placeholder: true`
"""

from __future__ import annotations

from collections.abc import Iterator

from contentplan.checks.grouping import week_of
from contentplan.core.model import Brand, Finding


def check(brand: Brand) -> Iterator[Finding]:
    for post in brand.posts:
        if post.placeholder:
            yield Finding(
                message=(
                    f"post {post.id} is a placeholder: write its title and remove "
                    "`placeholder: true`"
                ),
                posts=(post,),
                platform=post.platform,
                window=week_of(post),
            )
