"""How fast `contentplan plan` proves its schedules optimal (issue 3).

Generates its own inputs (seeded, so every run sees the same instances) and
prints, in one run:

(a) one week: 3 platforms with 3, 3 and 1 slots a day, at most 3, 2 and 1
    posts a day, 54 backlog items with mixed pillars, platforms, windows and
    expiries: solve time and status in-process, and the wall time of the
    whole `contentplan plan` process;
(a4) the same kind of backlog over 4 weeks (216 items);
    and for (a) the ratio of the whole process to a straightforward CP-SAT
    model of the same week with 8 workers (``straightforward``);
(b) a quarter: 13 weeks, 5 platforms, 700 items, 30 s limit: time, objective
    and gap (pass --quick to skip it and (c));
(c) the agency quarter of issue 11 (RULES_C: brand scope, max_per_week,
    min_gap, quiet hours, a blackout, a campaign) on seeds 1 to 5 (--seeds)
    with the default 30 s limit, and a half year (26 weeks, 1,400 items) on
    two seeds in 60 s; the worst gap of each shape, and with --prove SECONDS
    the distance to the optimum that a long run proves;
a greedy baseline on (a), (b) and (c): priority first, earliest slot that
keeps every rule but the mix; total priority, and how many mix bands the
greedy schedule breaks. Each solve also prints its phases (as `plan -v`).

With --parameters it compares CP-SAT parameter sets side by side on (a) and
(a4), as a ratio to the default of `plan` (num_workers=1,
linearization_level=2).

    python bench/plan_bench.py [--quick] [--parameters] [--seeds N] [--prove SECONDS]

Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from contentplan.checks.engine import run_checks
from contentplan.core.model import Brand, Calendar, Where
from contentplan.load.backlog import load_backlog
from contentplan.load.gather import gather
from contentplan.plan.items import Eligibility, from_backlog
from contentplan.plan.problem import Placement, PlanProblem
from contentplan.plan.slots import candidate_slots, min_gap
from contentplan.plan.solve import SolverSettings, solve_plan

MONDAY = date(2024, 4, 1)
PILLARS = ["functional"] * 5 + ["story"] * 3 + ["trending"] * 2

RULES_A = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, min_gap: 2h}
  douyin: {slots: ["09:00", "12:30", "20:00"], max_per_day: 2}
  wechat: {slots: ["20:00"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
"""

RULES_B = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, min_gap: 2h, min_per_week: 5}
  douyin: {slots: ["09:00", "12:30", "20:00"], max_per_day: 2}
  wechat: {slots: ["20:00"], max_per_day: 1}
  xiaohongshu: {slots: ["12:00", "21:00"], max_per_day: 2}
  bilibili: {slots: ["18:00"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
"""

# The agency quarter of issue 11: brand-wide and per-platform mix bands, a
# weekly cap, spacing, quiet hours, a blackout and a campaign.
RULES_C = """\
version: 1
mix: {target: {functional: 5, story: 3, trending: 2}, tolerance: 0.10, scope: [platform, brand]}
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, max_per_week: 21, min_gap: 2h}
  douyin: {slots: ["09:00", "12:30", "20:00"], max_per_day: 2}
  wechat: {slots: ["20:00"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
blackouts:
  - {from: 2024-05-01, to: 2024-05-03, reason: "holiday freeze", platforms: all}
campaigns:
  launch-x:
    launch: 2024-05-20 19:00
    teaser_days: 21
    recap_days: 14
"""

PARAMETER_SETS: dict[str, SolverSettings] = {
    "plan default (1 worker, lin 2)": SolverSettings(workers=1, linearization_level=2),
    "1 worker, lin 1": SolverSettings(workers=1, linearization_level=None),
    "2 workers (CP-SAT default portfolio)": SolverSettings(workers=2, linearization_level=None),
    "8 workers": SolverSettings(workers=8, linearization_level=None),
}


def backlog_text(
    count: int, weeks: int, platforms: list[str], seed: int, campaign: bool = False
) -> str:
    """Items with mixed pillars, platform lists, day windows and expiries;
    with ``campaign``, one item in 25 is a teaser, launch post or recap of
    RULES_C's campaign."""
    rng = random.Random(seed)
    lines = ["version: 1", "brand: bench", "timezone: Asia/Shanghai", "items:"]
    days = 7 * weeks
    for n in range(count):
        pillar = rng.choice(PILLARS)
        lines += [f"  - id: item-{n:04d}", f"    pillar: {pillar}", f'    title: "Item {n}"']
        lines.append(f"    priority: {rng.randint(1, 5)}")
        if rng.random() < 0.5:
            chosen = rng.sample(platforms, rng.randint(1, 2))
            lines.append(f"    platforms: [{', '.join(chosen)}]")
        if rng.random() < 0.4:
            first = rng.randrange(days)
            last = min(days - 1, first + rng.randint(0, 6))
            lines.append(f"    earliest: {MONDAY + timedelta(days=first)}")
            lines.append(f"    latest: {MONDAY + timedelta(days=last)}")
        if pillar == "trending" and rng.random() < 0.6:
            day = MONDAY + timedelta(days=rng.randrange(days))
            lines.append(f'    expires: "{day} 23:59"')
        if campaign and rng.random() < 0.04:
            lines.append("    campaign: launch-x")
            lines.append(f"    phase: {rng.choice(['teaser', 'teaser', 'launch', 'recap'])}")
    return "\n".join(lines) + "\n"


@dataclass
class Instance:
    name: str
    folder: Path
    weeks: int
    problem: PlanProblem
    brand: Brand


def instance(
    name: str, rules: str, weeks: int, count: int, seed: int, root: Path, campaign: bool = False
) -> Instance:
    folder = root / name
    folder.mkdir()
    (folder / "rules.yaml").write_text(rules)
    (folder / "calendar.yaml").write_text(
        "version: 1\nbrand: bench\ntimezone: Asia/Shanghai\nposts: []\n"
    )
    platforms = []
    for line in rules.split("platforms:\n")[1].splitlines():
        if not line.startswith("  "):
            break
        platforms.append(line.split(":")[0].strip())
    (folder / "backlog.yaml").write_text(backlog_text(count, weeks, platforms, seed, campaign))
    found = gather([str(folder / "calendar.yaml")], rules_option=str(folder / "rules.yaml"))
    assert not found.problems, found.problems
    brand = found.brands[0]
    backlog, problems = load_backlog(str(folder / "backlog.yaml"), "backlog.yaml")
    assert backlog is not None and not problems, problems
    problem = PlanProblem(
        brand=brand.name,
        timezone=brand.timezone,
        rules=brand.rules,
        weeks=tuple(MONDAY + timedelta(weeks=n) for n in range(weeks)),
        platforms=brand.rules.planning_platforms,
        items=tuple(from_backlog(backlog, brand.timezone)),
    )
    return Instance(name, folder, weeks, problem, brand)


def describe(result: Any) -> str:
    """The status, then each level: its value, and its bound and gap when
    the time limit stopped it."""
    parts = [result.status]
    for level in result.levels:
        if level.name == "tie-break":
            parts.append("tie-break " + ("done" if level.proven else "unfinished"))
        elif level.proven:
            parts.append(f"{level.name} {level.value} (optimal)")
        else:
            parts.append(f"{level.name} {level.value} bound {level.bound} gap {level.gap:.2%}")
    return ", ".join(parts)


def timed(problem: PlanProblem, settings: SolverSettings) -> tuple[float, Any]:
    started = time.perf_counter()
    result = solve_plan(problem, settings)
    return time.perf_counter() - started, result


def whole_process(case: Instance) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "contentplan",
            "plan",
            "--week",
            "2024-W14",
            "--weeks",
            str(case.weeks),
            "--rules",
            "rules.yaml",
            "--calendar",
            "calendar.yaml",
            "--backlog",
            "backlog.yaml",
            "-o",
            "out.yaml",
        ],
        cwd=case.folder,
        capture_output=True,
    )
    return time.perf_counter() - started, done.returncode


def greedy(problem: PlanProblem) -> list[Placement]:
    """Priority first, each item in the earliest slot that keeps every rule
    except the mix bands."""
    eligibility = Eligibility(problem)
    slots = [slot for slot, closed in candidate_slots(problem) if not closed]
    taken: set[Any] = set()
    per_day: dict[tuple[str, date], int] = {}
    per_week: dict[tuple[str, date], int] = {}
    times: dict[str, list[int]] = {}
    placements: list[Placement] = []
    for item in sorted(problem.items, key=lambda i: (-i.priority, i.id)):
        for slot in slots:
            if slot in taken or eligibility.closing(item, slot):
                continue
            profile = problem.rules.platforms[slot.platform]
            day_key = (slot.platform, slot.day)
            week_key = (slot.platform, slot.day - timedelta(days=slot.day.weekday()))
            if profile.max_per_day is not None and per_day.get(day_key, 0) >= profile.max_per_day:
                continue
            if (
                profile.max_per_week is not None
                and per_week.get(week_key, 0) >= profile.max_per_week
            ):
                continue
            gap = min_gap(problem, slot.platform)
            if gap and any(abs(t - slot.seconds) < gap for t in times.get(slot.platform, [])):
                continue
            taken.add(slot)
            per_day[day_key] = per_day.get(day_key, 0) + 1
            per_week[week_key] = per_week.get(week_key, 0) + 1
            times.setdefault(slot.platform, []).append(slot.seconds)
            placements.append(Placement(item, slot))
            break
    return placements


def straightforward(problem: PlanProblem, workers: int = 8) -> tuple[float, str, int]:
    """The model of ../shared/SOLVER-NOTES.md for one week, as a baseline:
    one Boolean per (item, platform, day), a per-day capacity, each mix band
    (per platform and brand-wide) as one literal per possible group size;
    the largest total priority. Returns the time to build and solve it, the
    status and the objective."""
    from contentplan.core.band import mix_band
    from contentplan.plan.cpsat import cp_model

    started = time.perf_counter()
    rules = problem.rules
    model = cp_model.CpModel()
    slots = [slot for slot, closed in candidate_slots(problem) if not closed]
    eligibility = Eligibility(problem)
    cells: dict[tuple[str, date], int] = {}
    for slot in slots:
        cells[(slot.platform, slot.day)] = cells.get((slot.platform, slot.day), 0) + 1
    x: dict[tuple[int, str, date], Any] = {}
    for i, item in enumerate(problem.items):
        for platform, day in cells:
            if any(
                s.platform == platform and s.day == day and not eligibility.closing(item, s)
                for s in slots
            ):
                x[(i, platform, day)] = model.new_bool_var(f"x{i}{platform}{day}")
    for i in range(len(problem.items)):
        model.add_at_most_one(v for (j, _, _), v in x.items() if j == i)
    for (platform, day), count in cells.items():
        cap = min(count, rules.platforms[platform].max_per_day or count)
        model.add(sum(v for (_, p, d), v in x.items() if (p, d) == (platform, day)) <= cap)
    for platform in [*problem.platforms, None]:
        mine = [(i, v) for (i, p, _), v in x.items() if platform is None or p == platform]
        target = rules.target_for(platform)
        total = sum(v for _, v in mine)
        size = [model.new_bool_var(f"n{platform}{n}") for n in range(len(mine) + 1)]
        model.add_exactly_one(size)
        model.add(total == sum(n * lit for n, lit in enumerate(size)))
        for pillar in rules.pillars:
            count = sum(v for i, v in mine if problem.items[i].pillar == pillar)
            for n, lit in enumerate(size):
                if n < rules.mix.min_posts:
                    continue
                low, high = mix_band(target, rules.mix.tolerance, n)[pillar]
                model.add(count >= low).only_enforce_if(lit)
                model.add(count <= high).only_enforce_if(lit)
    model.maximize(sum(problem.items[i].priority * v for (i, _, _), v in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = 60
    status = solver.solve(model)
    return time.perf_counter() - started, solver.status_name(status), round(solver.objective_value)


def broken_bands(problem: PlanProblem, placements: list[Placement]) -> int:
    posts = sorted((p.post(problem.brand) for p in placements), key=lambda p: p.sort_key)
    anchor = Where("<greedy>", 1, 1)
    calendar = Calendar("<greedy>", "/", problem.brand, problem.timezone, tuple(posts), anchor)
    brand = Brand(problem.brand, problem.timezone, problem.rules, tuple(posts), (calendar,))
    return len(run_checks([brand], select=["mix", "mix-brand"]))


def phases(result: Any) -> str:
    """Each phase of the search (what `plan -v` prints), on one line."""
    return "; ".join(
        f"{phase.name} {phase.seconds:.2f}s" for phase in getattr(result, "phases", ())
    )


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="How fast and how well `contentplan plan` solves weeks, a month, "
        "quarters and a half year (inputs made here, seeded)."
    )
    parser.add_argument("--quick", action="store_true", help="only (a) and (a4)")
    parser.add_argument(
        "--parameters", action="store_true", help="compare CP-SAT parameter sets on (a), (a4)"
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=5,
        help="seeds of the agency quarter (c), 1 to N (default 5); the half year runs on "
        "the first two",
    )
    parser.add_argument(
        "--prove",
        type=float,
        default=0,
        metavar="SECONDS",
        help="also solve each (c) case again with this time limit, to compare with the "
        "optimum when that run proves it",
    )
    return parser.parse_args()


def _quarters(root: Path, seeds: int, prove: float) -> list[Instance]:
    """(c): the agency quarter on several seeds, the half year on two; each
    case's total priority and gap, and the worst of each shape."""
    print("\n== (c) agency quarter (brand scope, max_per_week, min_gap, quiet hours,")
    print("   blackout, campaign): 13 weeks, 700 items, default 30 s limit; 26 weeks,")
    print(f"   1,400 items, 60 s limit. Seeds 1 to {seeds}; the planner was tuned on 1 to 3.")
    shapes = [(13, 700, seed, 30.0) for seed in range(1, seeds + 1)]
    shapes += [(26, 1400, seed, 60.0) for seed in range(1, min(seeds, 2) + 1)]
    cases = []
    worst: dict[int, tuple[float, str]] = {}
    for weeks, count, seed, limit in shapes:
        c = instance(f"c-{weeks}w-{seed}", RULES_C, weeks, count, seed, root, True)
        seconds, result = timed(c.problem, SolverSettings(time_limit=limit))
        print(f"{c.name:12} {seconds:7.2f} s  {describe(result)}")
        print(f"{'':12} phases: {phases(result)}")
        level = next(level for level in result.levels if level.name == "priority")
        gap = 0.0 if level.proven else (level.bound - level.value) / max(level.bound, 1)
        line = f"{c.name}: {gap:.2%} to the bound"
        if prove:
            _, long = timed(c.problem, SolverSettings(time_limit=prove))
            best = next(level for level in long.levels if level.name == "priority")
            if best.proven:
                off = (best.value - level.value) / best.value
                proof = f"proven in a {prove:.0f} s run"
                print(f"{'':12} optimum {best.value} ({proof}): {off:.2%} off")
                gap = off
                line = f"{c.name}: {off:.2%} from the optimum"
            else:
                print(f"{'':12} a {prove:.0f} s run proves nothing: {describe(long)}")
        if weeks not in worst or gap > worst[weeks][0]:
            worst[weeks] = (gap, line)
        cases.append(c)
    for weeks, (_, line) in sorted(worst.items()):
        goal = "1%" if weeks == 13 else "2%"
        print(f"worst of {weeks} weeks: {line} (goal: within {goal} of the optimum)")
    return cases


def main() -> None:
    options = _options()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        a = instance("a-week", RULES_A, 1, 54, 11, root)
        a4 = instance("a-4-weeks", RULES_A, 4, 216, 12, root)
        cases = [a, a4]
        print("== solve time, default settings (30 s limit)")
        for case in cases:
            seconds, result = timed(case.problem, SolverSettings())
            print(f"{case.name:12} {seconds:7.2f} s  {describe(result)}")
            print(f"{'':12} phases: {phases(result)}")
        for case in cases:
            runs = [whole_process(case) for _ in range(3 if case is a else 1)]
            walls = sorted(wall for wall, _ in runs)
            codes = sorted({code for _, code in runs})
            median = walls[len(walls) // 2]
            print(
                f"{case.name:12} whole `contentplan plan` process: median {median:.2f} s"
                f" of {len(walls)} (min {walls[0]:.2f} s, exit {codes})"
            )
            if case is a:
                base = sorted(straightforward(a.problem) for _ in range(3))
                print(
                    f"{'':12} straightforward model, 8 workers: median {base[1][0]:.2f} s "
                    f"({base[1][1]}, priority {base[1][2]}); ratio plan / it "
                    f"{median / base[1][0]:.2f} (goal <= 0.6)"
                )

        if options.parameters:
            print("\n== parameter sets (ratio = time / plan default; 60 s limit)")
            for case in cases:
                base = None
                for label, settings in PARAMETER_SETS.items():
                    seconds, result = timed(
                        case.problem,
                        SolverSettings(
                            time_limit=60,
                            workers=settings.workers,
                            linearization_level=settings.linearization_level,
                        ),
                    )
                    base = base or seconds
                    print(
                        f"{case.name:12} {label:38} {seconds:7.2f} s  ratio "
                        f"{seconds / base:5.2f}  {describe(result)}"
                    )

        greedy_cases = [a]
        if not options.quick:
            b = instance("b-quarter", RULES_B, 13, 700, 13, root)
            seconds, result = timed(b.problem, SolverSettings(time_limit=30))
            print(f"\n== (b) quarter, 30 s limit: {seconds:.2f} s  {describe(result)}")
            print(f"{'':12} phases: {phases(result)}")
            greedy_cases.append(b)
            greedy_cases += _quarters(root, options.seeds, options.prove)
        print("\n== greedy baseline")
        for case in greedy_cases:
            started = time.perf_counter()
            plan = greedy(case.problem)
            seconds = time.perf_counter() - started
            total = sum(p.item.priority for p in plan)
            print(
                f"{case.name:12} greedy priority {total} in {seconds:.2f} s, "
                f"{broken_bands(case.problem, plan)} mix bands broken"
            )


if __name__ == "__main__":
    main()
