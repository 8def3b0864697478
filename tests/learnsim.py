"""A world whose posting times have known effects, for the honest evaluation
of `plan --learn` (tests/cli/test_plan_learn.py) and bench/learn_bench.py.

Each (platform, weekday, clock) has a true mean of log(1 + interactions):
``base`` + a clock effect + a weekday effect, the effects drawn with standard
deviation ``effect`` (the weekday's half of it); ``effect=0`` is pure noise.
A history of ``weeks`` weeks, ``per_day`` posts a day per platform at random
clocks, is written as a calendar, each post's result drawn around its slot's
true mean with standard deviation ``noise``. The week after it is planned
from a backlog of ``items`` items. A schedule's true value is the sum, over
its posts, of the interactions of a typical post at the slot's true mean,
exp(mean) − 1: what --learn estimates, with the truth in place of the estimate.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

PLANNED = date(2024, 5, 13)  # Monday of 2024-W20, the week planned
WEEK = "2024-W20"
ZONE = "Asia/Shanghai"
BRAND = "acme"
PILLARS = ("functional", "story")

Key = tuple[str, int, str]  # platform, weekday, "HH:MM"


@dataclass(frozen=True)
class Shape:
    weeks: int = 6  # weeks of history
    per_day: int = 2  # posts a day per platform in the history
    clocks: tuple[str, ...] = ("08:00", "10:00", "12:00", "15:00", "18:00", "20:00", "22:00")
    platforms: tuple[str, ...] = ("weibo",)
    items: int = 7  # backlog items of the planned week, per platform
    max_per_day: int = 2
    effect: float = 0.8
    noise: float = 0.6
    base: float = 4.0  # about 55 interactions a typical post


class World:
    def __init__(self, root: Path, shape: Shape, seed: int) -> None:
        self.root = root
        self.shape = shape
        rng = random.Random(seed)
        self.truth: dict[Key, float] = {}
        for platform in shape.platforms:
            clock_effect = {c: rng.gauss(0, shape.effect) for c in shape.clocks}
            day_effect = [rng.gauss(0, shape.effect / 2) for _ in range(7)]
            for weekday in range(7):
                for clock in shape.clocks:
                    value = shape.base + clock_effect[clock] + day_effect[weekday]
                    self.truth[(platform, weekday, clock)] = value
        self._write(rng)

    def _write(self, rng: random.Random) -> None:
        shape = self.shape
        profiles = ", ".join(f'"{c}"' for c in shape.clocks)
        platforms = "\n".join(
            f"  {p}: {{slots: [{profiles}], max_per_day: {shape.max_per_day}}}"
            for p in shape.platforms
        )
        self.rules = self.root / "rules.yaml"
        self.rules.write_text(
            f"version: 1\nplatforms:\n{platforms}\nseverity: {{mix: off, mix-brand: off}}\n",
            encoding="utf-8",
        )
        posts: list[str] = []
        rows = ["id,measured_at,likes,comments,shares"]
        start = PLANNED - timedelta(weeks=shape.weeks)
        n = 0
        for offset in range(7 * shape.weeks):
            day = start + timedelta(days=offset)
            for platform in shape.platforms:
                for clock in sorted(rng.sample(shape.clocks, shape.per_day)):
                    n += 1
                    ident = f"h{n:04d}"
                    posts += [
                        f"  - id: {ident}",
                        f"    at: {day} {clock}",
                        f"    platform: {platform}",
                        f"    pillar: {rng.choice(PILLARS)}",
                        f'    title: "History post {n}"',
                    ]
                    mean = self.truth[(platform, day.weekday(), clock)]
                    total = max(round(math.expm1(rng.gauss(mean, shape.noise))), 0)
                    likes = total * 7 // 10
                    comments = (total - likes) * 2 // 3
                    measured = datetime.fromisoformat(f"{day}T{clock}") + timedelta(days=3)
                    rows.append(
                        f"{ident},{measured:%Y-%m-%dT%H:%M}+08:00,{likes},{comments},"
                        f"{total - likes - comments}"
                    )
        self.calendar = self.root / "calendar.yaml"
        self.calendar.write_text(
            f"version: 1\nbrand: {BRAND}\ntimezone: {ZONE}\nrules: rules.yaml\nposts:\n"
            + "\n".join(posts)
            + "\n",
            encoding="utf-8",
        )
        self.results = self.root / "results"
        self.results.mkdir(exist_ok=True)
        (self.results / "history.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        items = []
        for platform in shape.platforms:
            for k in range(shape.items):
                items += [
                    f"  - id: {platform}-item-{k:02d}",
                    f"    pillar: {PILLARS[k % 2]}",
                    f'    title: "{platform} item {k}"',
                    f"    platforms: [{platform}]",
                ]
        self.backlog = self.root / "backlog.yaml"
        self.backlog.write_text(
            f"version: 1\nbrand: {BRAND}\ntimezone: {ZONE}\nitems:\n" + "\n".join(items) + "\n",
            encoding="utf-8",
        )

    def args(self, output: Path, learn: bool, *extra: str) -> list[str]:
        """`plan`'s arguments for the planned week, only the new posts to ``output``."""
        args = ["plan", "--week", WEEK, "--calendar", str(self.calendar)]
        args += ["--backlog", str(self.backlog), "--only-new", "-o", str(output)]
        if learn:
            args += ["--learn", str(self.results)]
        return [*args, *extra]

    def true_value(self, posts: Iterable[Key]) -> float:
        return sum(math.expm1(self.truth[key]) for key in posts)

    def best_value(self) -> float:
        """An upper bound on any schedule's true value: the best slots, as many
        as the schedule has posts, cadence aside."""
        total = 0.0
        for platform in self.shape.platforms:
            mine = sorted(
                (math.expm1(v) for (p, _, _), v in self.truth.items() if p == platform),
                reverse=True,
            )
            total += sum(mine[: self.shape.items])
        return total


def planned(path: Path) -> list[Key]:
    """The (platform, weekday, clock) of every post of a calendar file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys: list[Key] = []
    for post in data.get("posts") or []:
        at = post["at"]
        when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        keys.append((post["platform"], when.weekday(), f"{when:%H:%M}"))
    return keys


def spearman(xs: list[float], ys: list[float]) -> float:
    """Rank correlation (average ranks for ties)."""

    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (vx * vy) if vx and vy else 0.0
