"""The mix band of SPEC §3.1 against a brute force built from its words:
"the share must stay within ±t of the target, widened only as far as
rounding forces", i.e. a count c of N is allowed when |c - r·N| <= t·N, or
when c is r·N rounded down or up; never below 0."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from contentplan.core.band import largest_remainder_split, mix_band, ratio_label, tolerance_label

PILLARS = ("a", "b", "c")
RATIOS = ["5:3:2", "6:2:2", "3:5:2", "6:3:1", "4:1:1", "1:1:1", "8:2", "1.5:1"]
TOLERANCES = ["0", "0.05", "0.10", "0.25", "0.333"]
SIZES = range(0, 61)


def target(text: str) -> dict[str, Fraction]:
    return {pillar: Fraction(part) for pillar, part in zip(PILLARS, text.split(":"), strict=False)}


def allowed_in_words(count: int, share: Fraction, tolerance: Fraction, n: int) -> bool:
    exact = share * n
    within = abs(count - exact) <= tolerance * n
    rounded = count in (math.floor(exact), math.ceil(exact))
    return count >= 0 and (within or rounded)


def brute_band(goal: dict[str, Fraction], tolerance: Fraction, n: int) -> dict[str, set[int]]:
    total = sum(goal.values())
    # Counts above 2N+1 are never allowed: t < 1 and a share is at most 1.
    return {
        pillar: {c for c in range(2 * n + 2) if allowed_in_words(c, ratio / total, tolerance, n)}
        for pillar, ratio in goal.items()
    }


@pytest.mark.parametrize("ratios", RATIOS)
@pytest.mark.parametrize("tolerance", TOLERANCES)
def test_band_is_the_brute_force_set(ratios: str, tolerance: str) -> None:
    goal, t = target(ratios), Fraction(tolerance)
    for n in SIZES:
        band = mix_band(goal, t, n)
        brute = brute_band(goal, t, n)
        for pillar, (lo, hi) in band.items():
            assert set(range(lo, hi + 1)) == brute[pillar], (ratios, tolerance, n, pillar)


@pytest.mark.parametrize("ratios", RATIOS)
@pytest.mark.parametrize("tolerance", TOLERANCES)
def test_every_size_admits_a_full_assignment(ratios: str, tolerance: str) -> None:
    goal, t = target(ratios), Fraction(tolerance)
    for n in SIZES:
        band = mix_band(goal, t, n)
        split = largest_remainder_split(goal, n)
        assert sum(split.values()) == n
        for pillar, (lo, hi) in band.items():
            assert lo <= split[pillar] <= hi, (ratios, tolerance, n, split, band)


@pytest.mark.parametrize("ratios", RATIOS)
@pytest.mark.parametrize("tolerance", ["0", "0.05"])
def test_small_sizes_by_enumerating_every_assignment(ratios: str, tolerance: str) -> None:
    """Without trusting the split: some assignment of N posts meets all bands."""
    goal, t = target(ratios), Fraction(tolerance)
    for n in range(0, 21):
        band = mix_band(goal, t, n)
        fits = any(
            sum(counts) == n
            and all(lo <= c <= hi for c, (lo, hi) in zip(counts, band.values(), strict=True))
            for counts in itertools.product(range(n + 1), repeat=len(goal))
        )
        assert fits, (ratios, tolerance, n, band)


def test_zero_tolerance_is_the_rounded_share() -> None:
    band = mix_band(target("5:3:2"), Fraction(0), 7)
    assert band == {"a": (3, 4), "b": (2, 3), "c": (1, 2)}


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (10, {"a": (4, 6), "b": (2, 4), "c": (1, 3)}),
        (12, {"a": (5, 7), "b": (3, 4), "c": (2, 3)}),
        (7, {"a": (3, 4), "b": (2, 3), "c": (1, 2)}),
    ],
)
def test_spec_worked_examples(n: int, expected: dict[str, tuple[int, int]]) -> None:
    assert mix_band(target("5:3:2"), Fraction("0.10"), n) == expected


def test_tolerance_is_read_exactly() -> None:
    # 0.1 as a float is slightly above 1/10: (0.5 - 0.1) * 10 would round up
    # to 5 through floats on some shapes; as a Fraction it is exactly 4.
    assert mix_band(target("5:3:2"), Fraction("0.10"), 10)["a"] == (4, 6)
    assert mix_band(target("5:3:2"), Fraction("0.10"), 20)["c"] == (2, 6)


def test_labels() -> None:
    assert ratio_label(target("6:2:2")) == "6:2:2"
    assert ratio_label(target("1.5:1")) == "1.5:1"
    assert tolerance_label(Fraction("0.10")) == "±10%"
    assert tolerance_label(Fraction("0.025")) == "±2.5%"
