"""Plans as the spec speaks of them: rules and calendars written as YAML,
read by the real loaders, and every plan judged by the checks themselves
(the oracle: SPEC §6 promises that plan output passes `check`)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from contentplan.checks.engine import run_checks
from contentplan.core.clock import parse_week
from contentplan.core.model import Brand, Post, Rules, Violation
from contentplan.io.emit import append_posts, fresh_calendar
from contentplan.load.gather import gather
from contentplan.load.rules import load_rules
from contentplan.plan.problem import PlanItem, PlanProblem, PlanResult
from contentplan.plan.solve import SolverSettings, solve_plan

ZONE = "Asia/Shanghai"
BRAND = "acme"
# The tie-break runs to its end: tests compare whole schedules.
FAST = SolverSettings(time_limit=60, tie_break=math.inf)


class Workspace:
    """A folder with one rules file and, optionally, one calendar."""

    def __init__(
        self, root: Path, rules: str, calendar: str | None = None, zone: str = ZONE
    ) -> None:
        self.root = root
        self.zone = zone
        self.rules_path = root / "rules.yaml"
        self.rules_path.write_text(textwrap.dedent(rules), encoding="utf-8")
        self.calendar_path: Path | None = None
        if calendar is not None:
            self.calendar_path = root / "calendar.yaml"
            self.calendar_path.write_text(textwrap.dedent(calendar), encoding="utf-8")

    @property
    def rules(self) -> Rules:
        rules, problems = load_rules(str(self.rules_path), "rules.yaml")
        assert not problems, problems
        return rules

    def pinned(self) -> tuple[Post, ...]:
        if self.calendar_path is None:
            return ()
        return self.brand(self.calendar_path).posts

    def brand(self, path: Path) -> Brand:
        found = gather([str(path)], rules_option=str(self.rules_path))
        assert not found.problems, found.problems
        return found.brands[0]

    def problem(
        self,
        week: str = "2024-W14",
        weeks: int = 1,
        items: Iterable[PlanItem] = (),
        platforms: Sequence[str] | None = None,
        skeleton: bool | None = None,
    ) -> PlanProblem:
        rules = self.rules
        monday = parse_week(week)
        items = tuple(items)
        return PlanProblem(
            brand=BRAND,
            timezone=self.zone,
            rules=rules,
            weeks=tuple(monday + timedelta(weeks=n) for n in range(weeks)),
            platforms=tuple(platforms or rules.planning_platforms),
            pinned=self.pinned(),
            items=items,
            skeleton=(not items) if skeleton is None else skeleton,
        )

    def output(self, problem: PlanProblem, result: PlanResult) -> bytes:
        if self.calendar_path is None:
            return fresh_calendar(problem.brand, problem.timezone, result.placements).encode()
        return append_posts(self.calendar_path.read_bytes(), result.placements)

    def judge(self, problem: PlanProblem, result: PlanResult) -> list[Violation]:
        """The error violations `check` finds in the plan's output."""
        out = self.root / "out.yaml"
        out.write_bytes(self.output(problem, result))
        brand = self.brand(out)
        assert len(brand.posts) == len(problem.pinned) + len(result.placements)
        return [v for v in run_checks([brand]) if v.severity == "error"]


def plan_ok(space: Workspace, problem: PlanProblem, settings: SolverSettings = FAST) -> PlanResult:
    """Plan, and assert that the output passes the checks."""
    result = solve_plan(problem, settings)
    assert result.status == "optimal", (result.status, result.conflicts)
    broken = space.judge(problem, result)
    assert not broken, [f"{v.check}: {v.message}" for v in broken]
    return result


def item(ident: str, pillar: str = "functional", **fields: Any) -> PlanItem:
    title = fields.pop("title", f"{pillar} {ident}")
    for key in ("earliest", "latest"):
        if isinstance(fields.get(key), str):
            fields[key] = date.fromisoformat(fields[key])
    if isinstance(fields.get("platforms"), str):
        fields["platforms"] = (fields["platforms"],)
    return PlanItem(id=ident, pillar=pillar, title=title, **fields)


def items(prefix: str, pillar: str, count: int, **fields: Any) -> list[PlanItem]:
    return [item(f"{prefix}{n:02d}", pillar, **fields) for n in range(count)]


def placed(result: PlanResult) -> dict[str, tuple[str, str]]:
    """item id -> (platform, local time) of each placement."""
    return {
        p.item.id: (p.slot.platform, p.slot.local.strftime("%Y-%m-%d %H:%M"))
        for p in result.placements
    }


def week_of(day: str) -> date:
    return date.fromisoformat(day)
