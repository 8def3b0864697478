"""The planner's band is the checker's band: for every group size N and every
split of N posts into pillars, the model accepts the split exactly when
``band.mix_band`` (the one definition of SPEC §3.1) does."""

from __future__ import annotations

import itertools
from datetime import date
from fractions import Fraction

import pytest
from ortools.sat.python import cp_model

from contentplan.core.band import mix_band
from contentplan.core.model import MixRules, Rules
from contentplan.plan.build import PlanModel
from contentplan.plan.constraints import add_band
from contentplan.plan.groups import MixGroup, group_band
from contentplan.plan.problem import PlanProblem, Rule

LARGEST = 14

TARGETS = {
    "5:3:2": {"functional": Fraction(5), "story": Fraction(3), "trending": Fraction(2)},
    "6:2:2": {"functional": Fraction(6), "story": Fraction(2), "trending": Fraction(2)},
    "4:1:1": {"educational": Fraction(4), "promotional": Fraction(1), "curated": Fraction(1)},
    "1:1:1": {"a": Fraction(1), "b": Fraction(1), "c": Fraction(1)},
    "80/20": {"value": Fraction(4), "promo": Fraction(1)},
    "1.5:1": {"x": Fraction(3, 2), "y": Fraction(1)},
}
TOLERANCES = [Fraction(0), Fraction(5, 100), Fraction(10, 100), Fraction(25, 100)]


def _problem(target: dict[str, Fraction], tolerance: Fraction, min_posts: int) -> PlanProblem:
    rules = Rules(
        pillars=tuple(target),
        mix=MixRules(target=target, tolerance=tolerance, min_posts=min_posts),
        platforms={},
    )
    return PlanProblem("acme", "UTC", rules, (date(2024, 4, 1),), ())


def _model_splits(problem: PlanProblem) -> set[tuple[int, ...]]:
    pm = PlanModel(problem)
    target = problem.rules.mix.target
    group = MixGroup(None, "2024-W14", *_bounds(), target)
    counts = {p: pm.model.new_int_var(0, LARGEST, p) for p in target}
    total = cp_model.LinearExpr.sum(list(counts.values()))
    add_band(
        pm,
        counts,
        total,
        range(0, LARGEST + 1),
        lambda n: group_band(problem, group, n),
        lambda pillar, side: Rule(f"band-{side}", pillar=pillar),
    )
    found: set[tuple[int, ...]] = set()

    class Collect(cp_model.CpSolverSolutionCallback):  # type: ignore[misc]
        def on_solution_callback(self) -> None:
            found.add(tuple(self.value(v) for v in counts.values()))

    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.solve(pm.model, Collect())
    return found


def _bounds():  # type: ignore[no-untyped-def]
    from contentplan.core.clock import window_bounds

    return window_bounds("2024-W14")


@pytest.mark.parametrize("name", sorted(TARGETS))
@pytest.mark.parametrize("tolerance", TOLERANCES, ids=str)
def test_every_split_of_every_size_is_judged_like_the_checker(
    name: str, tolerance: Fraction
) -> None:
    target = TARGETS[name]
    for min_posts in (1, 4):
        problem = _problem(target, tolerance, min_posts)
        expected = set()
        for split in itertools.product(range(LARGEST + 1), repeat=len(target)):
            n = sum(split)
            if n > LARGEST:
                continue
            band = mix_band(target, tolerance, n)
            judged = n >= min_posts
            if not judged or all(
                lo <= c <= hi for c, (lo, hi) in zip(split, band.values(), strict=True)
            ):
                expected.add(split)
        assert _model_splits(problem) == expected, (name, tolerance, min_posts)


def test_spec_examples_hold_in_the_model() -> None:
    """SPEC §3.1: N = 10, 12 and 7 for 5:3:2 ±10 %."""
    problem = _problem(TARGETS["5:3:2"], Fraction(1, 10), 1)
    splits = _model_splits(problem)
    for n, bands in {
        10: {"functional": (4, 6), "story": (2, 4), "trending": (1, 3)},
        12: {"functional": (5, 7), "story": (3, 4), "trending": (2, 3)},
        7: {"functional": (3, 4), "story": (2, 3), "trending": (1, 2)},
    }.items():
        of_n = [s for s in splits if sum(s) == n]
        for index, (lo, hi) in enumerate(bands.values()):
            assert min(s[index] for s in of_n) == lo
            assert max(s[index] for s in of_n) == hi
