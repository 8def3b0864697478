"""What `plan` is asked for, and what it answers, as plain frozen data.

A ``PlanProblem`` holds everything the model needs and nothing it must read
from disk: the resolved rules, the planned weeks, the planning platforms, the
pinned posts of ``--calendar`` and the items to place (backlog items, or the
placeholders of a skeleton). The solver answers with a ``PlanResult``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from contentplan.core.catalogue import ENTRIES
from contentplan.core.model import Post, Rules, Severity, Where


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule instance that a schedule must keep: the unit an infeasibility
    explanation speaks of. ``kind`` names it; the other fields say where."""

    kind: str  # band-min | band-max | max-per-day | max-per-week | min-per-week |
    # spacing | quiet-hours | blackout | format | title-length | campaign | topic |
    # duplicate | role-fit
    platform: str | None = None  # None: the brand as a whole (bands), or all platforms
    window: str | None = None
    pillar: str | None = None
    index: int | None = None  # which blackout
    name: str | None = None  # the campaign or the topic


@dataclass(frozen=True, slots=True)
class Slot:
    """One posting time of one planning platform inside the planned weeks."""

    platform: str
    local: datetime  # naive wall clock in the calendar's zone
    instant: datetime  # aware UTC
    offset: str | None = None  # "+01:00" when the wall clock happens twice (DST overlap)

    @property
    def day(self) -> date:
        return self.local.date()

    @property
    def seconds(self) -> int:
        """Seconds since the epoch: what elapsed-time rules compare."""
        return int((self.instant - _EPOCH).total_seconds())

    @property
    def order(self) -> tuple[date, datetime, str]:
        """The order of placements (docs/plan.md): date, then time, then platform."""
        return (self.day, self.local, self.platform)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_seconds(instant: datetime) -> int:
    return int((instant - _EPOCH).total_seconds())


@dataclass(frozen=True, slots=True)
class PlanItem:
    """Something plan may place: a backlog item, or a skeleton placeholder
    that may fill exactly one slot (``only``)."""

    id: str
    pillar: str
    title: str
    priority: int = 1
    platforms: tuple[str, ...] | None = None  # None: any planning platform
    format: str | None = None
    earliest: date | None = None
    latest: date | None = None
    campaign: str | None = None
    phase: str | None = None
    topic: str | None = None
    expires: datetime | None = None  # aware UTC
    expires_text: str | None = None  # as it goes into the calendar
    only: tuple[str, datetime] | None = None  # (platform, local) of a placeholder
    where: Where | None = None
    series: str | None = None  # content for this series' instances only (``plan.series``)
    placeholder: bool = False  # a series instance no backlog item fills: `placeholder: true`
    repeat_of: str | None = None  # an evergreen repeat: the original post's id
    # An evergreen repeat: its last publication (aware UTC), and the earliest
    # moment its cooldown allows, as an instant and as a wall clock.
    last_published: datetime | None = None
    not_before: tuple[datetime, datetime] | None = None


@dataclass(frozen=True)
class PlanProblem:
    """The input of one `plan` run, resolved."""

    brand: str
    timezone: str
    rules: Rules
    weeks: tuple[date, ...]  # the Mondays of the planned weeks, in order
    platforms: tuple[str, ...]  # the planning platforms
    pinned: tuple[Post, ...] = ()
    items: tuple[PlanItem, ...] = ()
    skeleton: bool = False
    # Learned engagement (`plan --learn`, docs/plan.md#learning-from-results):
    # whole-number points per (platform, weekday with 0 = Monday, wall clock);
    # a slot not named is worth 0. Empty: the objective has no engagement level.
    values: Mapping[tuple[str, int, time], int] = field(default_factory=dict, hash=False)
    # `--objective engagement`: engagement before priority (else after it)
    engagement_first: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def start(self) -> datetime:
        """Local start of the first planned week."""
        return datetime.combine(self.weeks[0], datetime.min.time())

    @property
    def end(self) -> datetime:
        """Local end (exclusive) of the last planned week."""
        return datetime.combine(self.weeks[-1] + timedelta(days=7), datetime.min.time())

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(monday + timedelta(days=n) for monday in self.weeks for n in range(7))

    def severity(self, check: str) -> Severity:
        return self.rules.severity.get(check, ENTRIES[check].default_severity)

    def enforced(self, check: str) -> bool:
        """Only checks at error severity are constraints (docs/plan.md, step 1)."""
        return check in self._enforced

    @cached_property
    def _enforced(self) -> frozenset[str]:
        return frozenset(name for name in ENTRIES if self.severity(name) == "error")


@dataclass(frozen=True, slots=True)
class Placement:
    item: PlanItem
    slot: Slot

    def post(self, brand: str, file: str = "<plan>") -> Post:
        """The new post as the checks and renderers see posts."""
        item, slot = self.item, self.slot
        return Post(
            id=item.id,
            instant=slot.instant,
            local=slot.local,
            platform=slot.platform,
            pillar=item.pillar,
            title=item.title,
            where=Where(file, 0, 0),
            brand=brand,
            format=item.format,
            campaign=item.campaign,
            phase=item.phase,
            topic=item.topic,
            expires=item.expires,
            placeholder=item.placeholder,
            series=item.series,
            repeat_of=item.repeat_of,
        )


@dataclass(frozen=True, slots=True)
class LevelOutcome:
    """How one level of the objective ended."""

    name: str
    value: int
    bound: int
    proven: bool
    seconds: float = 0.0  # wall time of its solves
    unit: int = 0  # spread: value = pairs * unit + one-pillar days
    budget: bool = False  # the tie-break: stopped by its own budget, not the time limit

    @property
    def gap(self) -> float:
        """How far the proven bound may still be from the value, as a share
        of the value (as MIP solvers report it): 0 when proven, at most 1 for
        a level that cannot go below zero."""
        return abs(self.bound - self.value) / max(abs(self.value), 1)

    def parts(self, value: int) -> str:
        """The value in words: ``3 same-pillar neighbours, 0 one-pillar days``."""
        if not self.unit:
            return str(value)
        return f"{value // self.unit} same-pillar neighbours, {value % self.unit} one-pillar days"


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of a plan as `plan -v` shows it: what it solved, how long
    it took, and where it left the objective (NaN where there is no number).
    ``value`` and ``bound`` are as the user reads them: total priority for
    the first schedule and the priority level, the minimised value for the
    others."""

    name: str
    seconds: float
    value: float
    bound: float
    note: str = ""
    work: float = 0.0  # CP-SAT's deterministic seconds: the same on any machine
    unit: int = 0  # spread: value = pairs * unit + one-pillar days


Status = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True)
class PlanResult:
    status: Status
    placements: tuple[Placement, ...] = ()
    levels: tuple[LevelOutcome, ...] = ()
    conflicts: tuple[str, ...] = ()  # sentences, when infeasible
    wall_time: float = 0.0
    notes: tuple[str, ...] = field(default=())
    phases: tuple[Phase, ...] = field(default=())

    @property
    def proven(self) -> bool:
        return self.status == "optimal"
