"""The mix band (docs/reference.md#the-mix-band): the one definition used by checks, plan and fix.

For a group of N posts, a pillar p with share r_p (its ratio over the sum of
ratios) and a tolerance t, the allowed counts are

    lo = min(ceil((r_p - t) * N), floor(r_p * N))
    hi = max(floor((r_p + t) * N), ceil(r_p * N))
    max(lo, 0) <= count_p <= hi

All arithmetic is on Fractions, so 0.10 is exactly one tenth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

Band = dict[str, tuple[int, int]]


def shares(target: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Each pillar's ratio divided by the sum of ratios."""
    total = sum(target.values(), Fraction(0))
    return {pillar: Fraction(ratio) / total for pillar, ratio in target.items()}


def mix_band(target: Mapping[str, Fraction], tolerance: Fraction, n: int) -> Band:
    """The allowed count of every pillar in a group of ``n`` posts."""
    band: Band = {}
    for pillar, share in shares(target).items():
        lo = min(math.ceil((share - tolerance) * n), math.floor(share * n))
        hi = max(math.floor((share + tolerance) * n), math.ceil(share * n))
        band[pillar] = (max(lo, 0), hi)
    return band


def largest_remainder_split(target: Mapping[str, Fraction], n: int) -> dict[str, int]:
    """Split ``n`` posts by the target, giving leftovers to the largest
    remainders (ties by pillar order). It always fits (docs/reference.md#the-mix-band)."""
    exact = {pillar: share * n for pillar, share in shares(target).items()}
    counts = {pillar: math.floor(value) for pillar, value in exact.items()}
    left = n - sum(counts.values())
    by_remainder = sorted(exact, key=lambda p: (-(exact[p] - counts[p]), list(exact).index(p)))
    for pillar in by_remainder[:left]:
        counts[pillar] += 1
    return counts


def ratio_label(target: Mapping[str, Fraction]) -> str:
    """``6:2:2`` for a target, with decimals kept as written (``1.5:1``)."""
    return ":".join(_plain(ratio) for ratio in target.values())


def tolerance_label(tolerance: Fraction) -> str:
    """``±10%`` for 1/10; ``±2.5%`` for 1/40."""
    return f"±{_plain(tolerance * 100)}%"


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text
