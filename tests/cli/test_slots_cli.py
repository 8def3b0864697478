"""`contentplan slots --suggest`: the posting times a world of known slot
effects favours (tests/learnsim.py), as text with a `slots:` snippet that the
rules loader reads, and as JSON; and what it says when something is missing."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cli
from tests.learnsim import Shape, World


def _best_clock(world: World) -> str:
    """The clock whose true value over the week is best."""
    values: dict[str, float] = {}
    for (_, _, clock), mean in world.truth.items():
        values[clock] = values.get(clock, 0.0) + math.expm1(mean)
    return max(values, key=values.__getitem__)


def test_text_names_the_best_times_and_a_snippet_the_rules_accept(tmp_path: Path) -> None:
    world = World(tmp_path, Shape(weeks=6), seed=3)
    run = run_cli(
        "slots", str(world.calendar), "--suggest", "--results", str(world.results), "--top", "3"
    )
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("acme · weibo: 84 posts with results, a typical post ")
    rows = [line for line in lines if re.match(r"  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d", line)]
    assert len(rows) == 3
    # The best time shown is among the truly best quarter of the week's 49.
    weekday, clock = rows[0].split()[:2]
    day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].index(weekday)
    ranked = sorted(world.truth.values(), reverse=True)
    assert world.truth[("weibo", day, clock)] >= ranked[len(ranked) // 4]
    snippet = "\n".join(lines[lines.index("platforms:") :])
    proposed = yaml.safe_load(snippet)["platforms"]["weibo"]["slots"]
    assert len(proposed) == 7  # as many clocks as the rules have now
    # With the rules' 7 clocks all kept, a 2-clock rules file gets the best 2.
    world.rules.write_text(
        'version: 1\nplatforms:\n  weibo: {slots: ["08:00", "22:00"], max_per_day: 2}\n'
        "severity: {mix: off, mix-brand: off}\n",
        encoding="utf-8",
    )
    again = run_cli("slots", str(world.calendar), "--suggest", "--results", str(world.results))
    assert again.code == 0, again.stderr
    lines = again.stdout.splitlines()
    chosen = yaml.safe_load("\n".join(lines[lines.index("platforms:") :]))
    assert _best_clock(world) in chosen["platforms"]["weibo"]["slots"]
    assert len(chosen["platforms"]["weibo"]["slots"]) == 2


def test_json_marks_thin_and_untried_times(tmp_path: Path) -> None:
    # Two weeks of two posts a day at 7 clocks: most of the 49 times are thin
    # or untried.
    world = World(tmp_path, Shape(weeks=2), seed=2)
    (world.results / "stray.csv").write_text(
        "id,measured_at,likes\nghost,2024-05-01T00:00Z,3\n", encoding="utf-8"
    )
    run = run_cli(
        "slots", str(tmp_path), "--suggest", "--results", str(world.results),
        "--top", "49", "--format", "json", "--platform", "weibo",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert re.search(r"stray\.csv:2:1: warning: no post with id ghost", run.stderr)
    document = json.loads(run.stdout)
    (brand,) = document["brands"]
    assert brand["brand"] == "acme" and brand["results"] == 28
    (weibo,) = brand["platforms"]
    assert len(weibo["best"]) == 49
    notes = {row["note"] for row in weibo["best"]}
    assert {"thin", "untried"} <= notes
    for row in weibo["best"]:
        assert row["low"] <= row["interactions"] <= row["high"]
        assert (row["note"] == "untried") == (row["posts"] == 0)
    values = [row["interactions"] for row in weibo["best"]]
    assert values == sorted(values, reverse=True)
    assert sum(row["posts"] for row in weibo["best"]) == 28


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--results", "results"], r"add --suggest"),
        (["--suggest", "--results", "nowhere"], r"nowhere"),
        (["--suggest"], r"no results to learn from: give --results"),
        (["--suggest", "--results", "results", "--platform", "my"], r"unknown platform .my"),
        (["--suggest", "--results", "results", "--format", "xml"], r"use text or json"),
        (["--suggest", "--results", "bad.csv"], r"bad\.csv:2:\d+: "),
    ],
)
def test_what_it_refuses(tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "w").mkdir()
    world = World(tmp_path / "w", Shape(weeks=1), seed=1)
    (tmp_path / "w" / "bad.csv").write_text(
        "id,measured_at,likes\nh0001,yesterday,5\n", encoding="utf-8"
    )
    here = tmp_path / "w" if "--results" in args else tmp_path  # no results/ folder here
    run = run_cli("slots", str(world.calendar), *args, cwd=here)
    assert run.code == 2, (run.stdout, run.stderr)
    assert re.search(expected, run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_times_the_data_cannot_tell_apart_are_said_to_be_as_good() -> None:
    root = Path(__file__).resolve().parents[2]
    run = run_cli("slots", "--suggest", "calendars/veloq-2025-spring.yaml", cwd=root)
    assert run.code == 0, run.stderr
    sections = run.stdout.split("\n\n")
    douyin = next(part for part in sections if "· douyin:" in part)
    weibo = next(part for part in sections if "· weibo:" in part)
    assert "no posting time stands out from the noise yet" in douyin
    assert "no posting time stands out" not in weibo  # its 21:30 earns more
