"""`plan --learn`, judged honestly: results drawn from known slot effects plus
noise (tests/learnsim.py), the real command run with and without --learn, and
each schedule valued on the hidden truth. With an effect, --learn finds the
better slots and beats the plan without it; with pure noise it changes little.
And what it says: rows that name no post, options that need each other."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from contentplan.app.learned import learn_from
from contentplan.load.gather import gather
from tests.conftest import run_cli
from tests.learnsim import BRAND, Shape, World, planned, spearman


def _plan(world: World, learn: bool, *extra: str) -> tuple[list[tuple[str, int, str]], str]:
    out = world.root / ("learned.yaml" if learn else "plain.yaml")
    run = run_cli(*world.args(out, learn, "--time-limit", "30", *extra))
    assert run.code == 0, run.stderr
    checked = run_cli("check", str(world.calendar), str(out), "--format", "plain")
    assert checked.code == 0, checked.stdout  # the plan keeps every rule
    return planned(out), run.stderr


def test_learn_recovers_the_better_slots_and_beats_the_plain_plan(tmp_path: Path) -> None:
    world = World(tmp_path, Shape(), seed=3)
    # The learned ranking of the posting times tried follows the truth.
    posts = gather([str(world.calendar)]).brands[0].posts
    learned = learn_from([world.results], posts, BRAND).learned.platforms["weibo"]
    keys = [("weibo", d, c.strftime("%H:%M")) for (d, c) in learned.slots]
    estimate = [slot.mean for slot in learned.slots.values()]
    assert spearman(estimate, [world.truth[key] for key in keys]) > 0.6
    plain, _ = _plan(world, learn=False)
    chosen, said = _plan(world, learn=True)
    assert len(chosen) == len(plain) == 7
    plain_value, learned_value = world.true_value(plain), world.true_value(chosen)
    assert learned_value > 1.5 * plain_value
    assert learned_value > 0.7 * world.best_value()
    # The summary states both schedules' expected engagement, learned more.
    found = re.search(
        r"Expected engagement: ([\d,.]+) interactions over 7 posts .*without --learn: "
        r"([\d,.]+) over 7 posts \(\+",
        said,
    )
    assert found, said
    mine, theirs = (float(group.replace(",", "")) for group in found.groups())
    assert mine > theirs
    assert "Learned from 84 published posts with results (weibo 84)." in said


def test_pure_noise_changes_little(tmp_path: Path) -> None:
    world = World(tmp_path, Shape(effect=0.0), seed=5)
    plain, _ = _plan(world, learn=False)
    chosen, _ = _plan(world, learn=True)
    assert len(chosen) == len(plain)
    # No slot is truly better: the true values are the same within noise.
    assert world.true_value(chosen) == pytest.approx(world.true_value(plain), rel=0.05)
    moved = sum((Counter(chosen) - Counter(plain)).values())
    assert moved <= 1, (chosen, plain)


def test_engagement_first_places_fewer_high_priority_items_on_poor_slots(
    tmp_path: Path,
) -> None:
    world = World(tmp_path, Shape(items=4), seed=3)
    chosen, said = _plan(world, True, "--objective", "engagement")
    assert len(chosen) == 4
    assert "Expected engagement:" in said
    plain, _ = _plan(world, learn=False)
    assert world.true_value(chosen) > world.true_value(plain)


@pytest.mark.parametrize(
    ("case", "code", "expected"),
    [
        (
            "row naming no post",
            0,
            r"results/stray\.csv:2:1: warning: no post with id ghost-1 in the calendars read.*"
            r"this row is left out",
        ),
        ("bad count", 2, r"results/stray\.csv:2:\d+: .*likes"),
        ("engagement without learn", 2, r"--objective engagement .* give --learn"),
        ("unknown objective", 2, r"--objective: 'reach' is not an objective"),
        ("learn without calendar", 2, r"--learn: the results name posts by id.*--calendar"),
    ],
)
def test_what_it_says(tmp_path: Path, case: str, code: int, expected: str) -> None:
    world = World(tmp_path, Shape(weeks=2, items=3), seed=1)
    out = tmp_path / "out.yaml"
    args = world.args(out, True, "--time-limit", "30")
    stray = world.results / "stray.csv"
    if case == "row naming no post":
        stray.write_text("id,measured_at,likes\nghost-1,2024-05-01T00:00Z,5\n", encoding="utf-8")
    elif case == "bad count":
        stray.write_text("id,measured_at,likes\nh0001,2024-05-01T00:00Z,many\n", encoding="utf-8")
    elif case == "engagement without learn":
        args = [*world.args(out, learn=False), "--objective", "engagement"]
    elif case == "unknown objective":
        args += ["--objective", "reach"]
    else:
        args = ["plan", "--week", "2024-W20", "--backlog", str(world.backlog)]
        args += ["--learn", str(world.results), "--rules", str(world.rules)]
    run = run_cli(*args, cwd=tmp_path)
    assert run.code == code, run.stderr
    assert re.search(expected, run.stderr), run.stderr
    assert "Traceback" not in run.stderr
    if code == 0:
        assert "Expected engagement:" in run.stderr
        assert "Learned from 28 published posts" in run.stderr  # the stray row is not one
