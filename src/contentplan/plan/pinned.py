"""Pinned posts that already break a rule no added post can mend (docs/plan.md).

Adding posts can mend a mix band or a week short of ``min_per_week``; it
cannot mend two pinned posts too close together, a pinned post in a blackout
or past its expiry, a day already over ``max_per_day``. Those are found by
running the checks themselves on the pinned posts alone, with the mix checks
and ``min_per_week`` left out, and kept when one of their posts lies inside
the planned weeks. ``plan`` then stops and names them: run ``fix`` first.
"""

from __future__ import annotations

from dataclasses import replace

from contentplan.core.model import Brand, Violation
from contentplan.plan.problem import PlanProblem

MENDABLE = ("mix", "mix-brand")


def unmendable(problem: PlanProblem, brand: Brand) -> list[Violation]:
    """Error violations of the pinned posts alone that plan cannot mend."""
    from contentplan.checks.engine import run_checks

    rules = brand.rules
    without_minimum = {
        name: replace(profile, min_per_week=None) for name, profile in rules.platforms.items()
    }
    judged = replace(brand, rules=replace(rules, platforms=without_minimum))
    inside = {post.id for post in brand.posts if problem.start <= post.local < problem.end}
    return [
        violation
        for violation in run_checks([judged], ignore=MENDABLE)
        if violation.severity == "error" and inside.intersection(violation.post_ids)
    ]
