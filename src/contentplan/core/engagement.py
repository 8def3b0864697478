"""What a published post earned: one measurement, and the one engagement
figure every command uses (docs/reference.md#results-files).

interactions = likes + comments + shares + saves (a count left out is 0);
rate = interactions / impressions where impressions were measured (and are
above 0), else interactions / followers, else unknown (None).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from contentplan.core.model import Where

# The counts a results file may carry, in the order its columns are written.
METRICS: tuple[str, ...] = (
    "impressions",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "followers",
)
INTERACTIONS: tuple[str, ...] = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True, slots=True)
class Measurement:
    """One row of a results file: a post's counts as measured at one instant."""

    post_id: str
    measured_at: datetime  # aware, UTC
    counts: Mapping[str, int] = field(default_factory=dict)  # keys from METRICS
    where: Where | None = None  # the row, for messages
    # The brand whose post it is, when the row says (an id two brands share).
    brand: str | None = None

    @property
    def interactions(self) -> int:
        return sum(self.counts.get(name, 0) for name in INTERACTIONS)

    @property
    def rate(self) -> float | None:
        """Interactions per impression, else per follower; None when neither
        was measured (or is 0)."""
        for base in ("impressions", "followers"):
            value = self.counts.get(base, 0)
            if value > 0:
                return self.interactions / value
        return None


def latest(measurements: Iterable[Measurement]) -> dict[str, Measurement]:
    """The measurement that counts for each post: the latest ``measured_at``;
    of two at the same instant, the one read last."""
    kept: dict[str, Measurement] = {}
    for row in measurements:
        held = kept.get(row.post_id)
        if held is None or row.measured_at >= held.measured_at:
            kept[row.post_id] = row
    return kept
