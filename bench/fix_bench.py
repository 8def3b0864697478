"""How fast `contentplan fix` finds and proves its repairs (issue 5, item 1).

Generates its own calendars (seeded, so every run sees the same instances)
and prints, for each, within the weeks and with --across-weeks: the number
of posts and of violations at error severity, how many independent parts the
repair splits into, the moves, the violations left, the status (optimal, or
feasible when the time limit stopped it) and the seconds taken, in-process.
It also compares CP-SAT's presolve on and off on the first two calendars
(presolve off is fix's default; see plan/repair/solve.py).

(a) the shipped broken example (13 posts, one week);
(b) five weeks, 3 platforms, 210 posts, one in twenty off its slot (some
    in the quiet hours);
(c) twelve weeks, 3 platforms, 504 posts, one in seven off its slot (pass
    --quick to skip it).

    python bench/fix_bench.py [--quick]

Timings belong here, never in tests.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from contentplan.checks.engine import run_checks
from contentplan.core.model import Brand
from contentplan.load.gather import gather
from contentplan.plan.repair.parts import split
from contentplan.plan.repair.problem import repair_problem
from contentplan.plan.repair.solve import solve_repair
from contentplan.plan.solve import SolverSettings

ROOT = Path(__file__).resolve().parents[1]

RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "18:00", "21:00"], max_per_day: 3, min_gap: 2h,
          min_per_week: 5}
  douyin: {slots: ["12:00", "18:00", "21:00"], max_per_day: 2, min_gap: 3h}
  wechat: {slots: ["20:30"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
trending: {max_age: 48h}
"""


def generated(folder: Path, weeks: int, off_slot: float, seed: int) -> Path:
    rng = random.Random(seed)
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    lines = ["version: 1", "brand: bench", "timezone: Asia/Shanghai", "rules: rules.yaml"]
    lines.append("posts:")
    pillars = ["functional"] * 5 + ["story"] * 3 + ["trending"] * 2
    n = 0
    for offset in range(7 * weeks):
        day = date(2024, 4, 1) + timedelta(days=offset)
        for platform, times in (
            ("weibo", ["09:00", "12:30", "18:00"]),
            ("douyin", ["12:00", "21:00"]),
            ("wechat", ["20:30"]),
        ):
            for clock in times:
                if rng.random() < off_slot:
                    clock = rng.choice(["02:00", "10:00", "13:00", "19:00"])
                lines.append(
                    f"  - {{id: p{n:04d}, at: {day} {clock}, platform: {platform}, "
                    f"pillar: {rng.choice(pillars)}, title: T{n}}}"
                )
                n += 1
    path = folder / f"bench-{weeks}w.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def brand_of(path: Path) -> Brand:
    found = gather([str(path)])
    assert not found.problems, found.problems
    return found.brands[0]


def run(name: str, brand: Brand, across: bool, settings: SolverSettings) -> None:
    errors = [v for v in run_checks([brand]) if v.severity == "error"]
    started = time.monotonic()
    problem = repair_problem(brand, across)
    parts = len(split(problem))
    result = solve_repair(problem, settings)
    seconds = time.monotonic() - started
    mode = "across" if across else "within"
    print(
        f"{name:<28} {mode:<7} posts {len(brand.posts):>4}  errors {len(errors):>3}  "
        f"parts {parts:>3}  moves {len(result.moves):>3}  left {len(result.left):>3}  "
        f"{result.status:<8} {seconds:6.2f} s"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    settings = SolverSettings(time_limit=60)
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            ("(a) veloq-demo-broken", brand_of(ROOT / "calendars/broken/veloq-demo-broken.yaml")),
            ("(b) 5 weeks, 210 posts", brand_of(generated(Path(folder), 5, 0.05, 5))),
        ]
        if not quick:
            cases.append(
                ("(c) 12 weeks, 504 posts", brand_of(generated(Path(folder), 12, 0.15, 7)))
            )
        for name, brand in cases:
            for across in (False, True):
                run(name, brand, across, settings)
        print()
        print("presolve (fix's default is off; on, 9.15 may prove a wrong optimum):")
        for name, brand in cases[:2]:
            for presolve in (False, True):
                label = f"{name} presolve {'on' if presolve else 'off'}"
                on = SolverSettings(time_limit=60, extra={"cp_model_presolve": presolve})
                run(label, brand, True, on)


if __name__ == "__main__":
    main()
