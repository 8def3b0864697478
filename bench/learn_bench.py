"""What `plan --learn` gains on the hidden truth (issue 15), on several seeds
and shapes of history, worst case first.

Each case is a world of known slot effects plus noise (tests/learnsim.py):
weeks of history with results, then the week after planned twice by the real
command line, with and without --learn. A schedule's true value is the sum,
over its posts, of the interactions of a typical post at the slot's true
mean; "best" is the best slots of the week, as many as there are posts,
cadence aside (an upper bound). "moved" counts the posts --learn put at
another (weekday, clock) than the plan without it.

Shapes:
  base      6 weeks of history, 2 posts a day at 7 clocks, 7 items to place
  thin      2 weeks of history (28 results for 49 weekday-clock slots)
  two       two platforms, 5 items each
  crowded   12 items for 14 places a week: little left to choose
  noise     no slot effect at all: the gain should be near 0, few posts moved

    python3.11 bench/learn_bench.py [--seeds 5] [--shapes base,thin,two,crowded,noise]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.learnsim import Shape, World, planned  # noqa: E402

SHAPES = {
    "base": Shape(),
    "thin": Shape(weeks=2),
    "two": Shape(platforms=("weibo", "douyin"), items=5),
    "crowded": Shape(items=12),
    "noise": Shape(effect=0.0),
}


def plan(world: World, learn: bool) -> list[tuple[str, int, str]]:
    out = world.root / ("learned.yaml" if learn else "plain.yaml")
    args = world.args(out, learn, "--time-limit", "30")
    done = subprocess.run(
        [sys.executable, "-m", "contentplan", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"plan failed ({done.returncode}): {done.stderr[-2000:]}")
    return planned(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    options = parser.parse_args()
    rows = []
    for name in options.shapes.split(","):
        for seed in range(1, options.seeds + 1):
            with tempfile.TemporaryDirectory() as folder:
                world = World(Path(folder), SHAPES[name], seed)
                plain, learned = plan(world, False), plan(world, True)
                before, after = world.true_value(plain), world.true_value(learned)
                moved = sum((Counter(learned) - Counter(plain)).values())
                rows.append((after / before - 1, name, seed, before, after, world.best_value(),
                             moved, len(learned)))
    print(f"{'shape':8} {'seed':>4} {'plain':>8} {'learned':>8} {'best':>8} {'gain':>8} moved")
    for gain, name, seed, before, after, best, moved, posts in sorted(rows):
        print(f"{name:8} {seed:4} {before:8.0f} {after:8.0f} {best:8.0f} {gain:+8.1%} "
              f"{moved}/{posts}")
    print()
    for name in options.shapes.split(","):
        gains = [row[0] for row in rows if row[1] == name]
        print(f"{name:8} median gain {statistics.median(gains):+.1%}, worst {min(gains):+.1%}")


if __name__ == "__main__":
    main()
