"""Make results/veloq-2025-spring.csv: invented but plausible results for the
posts of calendars/veloq-2025-spring.yaml.

    PYTHONPATH=src python3.11 scripts/make_results.py            # rewrite the file
    PYTHONPATH=src python3.11 scripts/make_results.py --check    # exit 1 if it differs

The numbers come from a seeded generator, so the file is the same on every
machine. Each post is measured 24 hours after it went out and, when the
export (Monday 14 April 2025, 09:00) is at least 7 days later, again after
7 days. What they show, on purpose:

- audiences of the platforms' size for a mid-sized brand: Weibo impressions
  in the tens of thousands, Douyin plays in the hundreds of thousands, WeChat
  article reads in the thousands to tens of thousands, Xiaohongshu
  impressions in the thousands to tens of thousands; each platform reports
  what its export gives (WeChat and Douyin give no impressions, so their
  rate is per follower);
- differences that hold over the noise: stories earn about twice the
  interactions of functional posts on Douyin, trending tie-ins do best on
  Weibo, functional guides on WeChat, saves are high on Xiaohongshu; evening
  slots beat the morning (Weibo 21:30 > 19:00 > 12:30 > 09:00, Douyin 21:00
  > 18:00 > 12:00); the S7 launch day is the peak;
- noise: a lognormal factor per post (σ ≈ 0.35), so that a handful of posts
  is not a trend.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post
from contentplan.io.results_csv import results_csv
from contentplan.load.gather import gather

ROOT = Path(__file__).resolve().parents[1]
CALENDAR = ROOT / "calendars" / "veloq-2025-spring.yaml"
TARGET = ROOT / "results" / "veloq-2025-spring.csv"
SEED = 20250414
ZONE = ZoneInfo("Asia/Shanghai")
EXPORTED = datetime(2025, 4, 14, 9, 0, tzinfo=ZONE)
NOISE = 0.35



class Audience(NamedTuple):
    """A platform's audience: its reach after 7 days (impressions, or plays
    and reads where the export gives no impressions, named by
    ``reach_column``), the interactions per unit of reach, how they split
    into likes, comments, shares and saves, and the account's followers on
    10 March with their daily growth."""

    reach: float
    rate: float
    split: dict[str, float]
    reach_column: str
    followers: float
    growth: float


PLATFORMS = {
    "weibo": Audience(52_000, 0.032, {"likes": 0.66, "comments": 0.14, "shares": 0.20},
                      "impressions", 1_840_000, 900),
    "wechat": Audience(14_500, 0.045,
                       {"likes": 0.45, "comments": 0.10, "shares": 0.28, "saves": 0.17},
                       "views", 426_000, 260),
    "douyin": Audience(310_000, 0.058,
                       {"likes": 0.80, "comments": 0.07, "shares": 0.06, "saves": 0.07},
                       "views", 2_610_000, 3_100),
    "xiaohongshu": Audience(21_000, 0.074,
                            {"likes": 0.48, "comments": 0.09, "shares": 0.05, "saves": 0.38},
                            "impressions", 188_000, 420),
}
# How much more (or less) each pillar earns, per platform: interactions per reach.
PILLAR = {
    "weibo": {"functional": 1.0, "story": 1.1, "trending": 1.55},
    "wechat": {"functional": 1.25, "story": 1.0, "trending": 0.85},
    "douyin": {"functional": 1.0, "story": 2.05, "trending": 1.4},
    "xiaohongshu": {"functional": 1.15, "story": 1.3, "trending": 1.0},
}
# Reach by local posting hour: the evening audience is larger.
HOUR = {
    "weibo": {9: 0.78, 12: 0.92, 19: 1.12, 21: 1.24},
    "wechat": {20: 1.0},
    "douyin": {12: 0.74, 18: 1.0, 21: 1.3},
    "xiaohongshu": {12: 0.85, 20: 1.15},
}
WEEKEND = 1.08  # Saturday and Sunday reach
PHASE = {"teaser": 1.2, "launch": 2.6, "recap": 1.3}
# The share of the 7-day figures a post has after 24 hours.
DAY_ONE = {"weibo": 0.8, "wechat": 0.86, "douyin": 0.66, "xiaohongshu": 0.55}


def measurements(posts: list[Post], rng: random.Random) -> list[Measurement]:
    rows: list[Measurement] = []
    first_day = datetime(2025, 3, 10, tzinfo=ZONE)
    for post in sorted(posts, key=lambda post: post.sort_key):
        audience = PLATFORMS[post.platform]
        local = post.instant.astimezone(ZONE)
        reach = audience.reach * HOUR[post.platform].get(local.hour, 1.0) * _noise(rng)
        reach *= WEEKEND if local.weekday() >= 5 else 1.0
        reach *= PHASE.get(post.phase or "", 1.0)
        rate = audience.rate * PILLAR[post.platform][post.pillar] * _noise(rng, NOISE * 0.6)
        week = {
            name: reach * rate * share * _noise(rng, 0.15)
            for name, share in audience.split.items()
        }
        week[audience.reach_column] = reach
        day_one = min(DAY_ONE[post.platform] * _noise(rng, 0.06), 0.97)
        for after, share in ((timedelta(hours=24), day_one), (timedelta(days=7), 1.0)):
            when = post.instant + after
            if when > EXPORTED:
                continue
            counts = {name: round(value * share) for name, value in week.items()}
            days = (when - first_day).total_seconds() / 86_400
            counts["followers"] = round(audience.followers + audience.growth * days)
            rows.append(Measurement(post.id, when, counts, brand=post.brand))
    return rows


def _noise(rng: random.Random, sigma: float = NOISE) -> float:
    """A lognormal factor with median 1."""
    return math.exp(rng.gauss(0.0, sigma))


def make() -> str:
    gathered = gather([str(CALENDAR)])
    if gathered.problems:
        raise SystemExit(f"{CALENDAR} does not load: run contentplan check on it")
    posts = [post for brand in gathered.brands for post in brand.posts]
    rows = measurements(posts, random.Random(SEED))
    # The brand column: calendars/broken/ reuses the example's ids for another
    # brand, so that `contentplan slots calendars/` still knows whose post each is.
    return results_csv([(row, ZONE) for row in rows], with_brand=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs")
    options = parser.parse_args()
    text = make()
    if options.check:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8", newline="")
    print(f"{TARGET.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
