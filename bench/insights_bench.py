"""How fast are the statistics of `contentplan insights`? Figures, not a test.

1. The bootstrap's core, one cell's 2,000 resampled sums, two ways: the
   standard library (`random.choices` and `sum`) and NumPy (a frozen
   `RandomState`, as stats/insights.py draws them), for cells of 30 to
   3,000 posts. This is why stats/insights.py uses NumPy.
2. `build_insights` on a year of measured posts (4 platforms, 2 posts a day
   each: 2,920 posts; or --posts N), the median of --repeat runs.

    python bench/insights_bench.py [--posts 2920] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post, Where
from contentplan.stats.insights import RESAMPLES, build_insights

PLATFORMS = ("weibo", "douyin", "wechat", "xiaohongshu")
PILLARS = ("functional",) * 5 + ("story",) * 3 + ("trending",) * 2
SLOTS = (9, 12, 18, 21)


@dataclass(frozen=True, slots=True)
class Outcome:
    post: Post
    measurement: Measurement


def stdlib_sums(values: list[int], seed: int) -> list[int]:
    draw = random.Random(seed).choices
    return [sum(draw(values, k=len(values))) for _ in range(RESAMPLES)]


def numpy_sums(values: list[int], seed: int) -> np.ndarray:
    data = np.asarray(values, dtype=np.float64)
    rows = np.random.RandomState(seed).randint(0, len(values), size=(RESAMPLES, len(values)))
    return data[rows].sum(axis=1)


def timed(function: object, *args: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def year(posts: int) -> list[Outcome]:
    rng = random.Random(15)
    start = datetime(2025, 1, 6, 1, 0, tzinfo=UTC)
    found = []
    for index in range(posts):
        platform = PLATFORMS[index % len(PLATFORMS)]
        instant = start + timedelta(days=index // 8, hours=rng.choice(SLOTS))
        pillar = rng.choice(PILLARS)
        post = Post(
            id=f"p{index}",
            instant=instant,
            local=(instant + timedelta(hours=8)).replace(tzinfo=None),
            platform=platform,
            pillar=pillar,
            title=f"post {index}",
            where=Where("bench.yaml", index + 1, 5),
            brand="acme",
            format=rng.choice(("video", "image", "short-video")),
            topic=f"topic-{index // 24}" if pillar == "trending" else None,
        )
        likes = round(rng.lognormvariate(0, 0.8) * 1000)
        counts = {"likes": likes, "comments": likes // 10, "impressions": likes * 30}
        found.append(Outcome(post, Measurement(post.id, instant + timedelta(days=3), counts)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2920)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(f"{RESAMPLES} resampled sums of one cell (median of {options.repeat}):")
    print(f"{'posts':>6} {'stdlib':>9} {'numpy':>9} {'speed-up':>9}")
    for size in (30, 300, 3000):
        values = [random.Random(size).randint(0, 5000) for _ in range(size)]
        slow = timed(stdlib_sums, values, 1, repeat=options.repeat)
        fast = timed(numpy_sums, values, 1, repeat=options.repeat)
        print(f"{size:>6} {slow:>8.3f}s {fast:>8.3f}s {slow / fast:>8.1f}x")
    outcomes = year(options.posts)
    spent = timed(build_insights, outcomes, repeat=options.repeat)
    print(f"build_insights on {options.posts} measured posts: {spent:.2f} s")


if __name__ == "__main__":
    main()
