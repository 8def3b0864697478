"""The engagement level of the objective (`plan --learn`): the learned
points of the slots a schedule uses, as large as possible
(docs/plan.md#learning-from-results).

The points come with the problem (``PlanProblem.values``), computed above
the planner from the results; here they are only weights. A slot's points
depend on its platform, weekday and wall clock, not on the item placed
there, so the level reads the pattern of pillars (``occ``) alone, and
classes of interchangeable items stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contentplan.plan.build import PlanModel
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Level
from contentplan.plan.problem import Placement, PlanProblem, Slot


def slot_points(problem: PlanProblem, slot: Slot) -> int:
    """The learned points of one slot (0 when none were learned for it)."""
    return problem.values.get((slot.platform, slot.local.weekday(), slot.local.time()), 0)


def engagement_level(pm: PlanModel) -> Level | None:
    """Σ points(slot) over the used slots, to maximise; None when no slot of
    the model has points (the plan is then the plan without --learn)."""
    terms = [
        (lit, points)
        for s, slot in enumerate(pm.slots)
        if (points := slot_points(pm.problem, slot))
        for lit in pm.occ[s].values()
    ]
    if not terms:
        return None
    total: Any = cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[1] for t in terms])
    return Level("engagement", -total, sign=-1)


def schedule_points(problem: PlanProblem, placements: Iterable[Placement]) -> int:
    """The engagement level's value of a schedule."""
    return sum(slot_points(problem, placement.slot) for placement in placements)
