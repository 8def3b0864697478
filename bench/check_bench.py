"""How fast is `contentplan check`? Figures, not a test.

It writes a calendar of 10,000 posts over 5 platforms and one year, then
times, each as a fresh process and best of several runs:

  A. `contentplan check FILE --format json`
  B. `python -c "yaml.load(open(FILE), Loader=yaml.CSafeLoader)"` (the baseline)
  C. `contentplan --version`, and `contentplan check` on a one-week calendar

and prints posts per second for A and the ratio A / B (goal: <= 0.6), and
the start-up times of C (goal: < 0.25 s each).

    python bench/check_bench.py [--posts 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

PLATFORMS = {  # name: (slots, pillars to draw from)
    "weibo": ["08:00", "09:00", "10:30", "12:00", "12:30", "15:00", "18:00", "20:00", "21:30"],
    "wechat": ["07:30", "08:30", "12:00", "18:30", "20:30", "21:00"],
    "douyin": ["11:00", "12:00", "17:30", "18:00", "19:00", "20:00", "21:00", "22:00"],
    "xiaohongshu": ["08:00", "12:00", "19:00", "20:00", "21:00", "22:00"],
    "bilibili": ["10:00", "12:00", "18:00", "19:00", "20:00", "21:00"],
}
PILLARS = ["functional"] * 5 + ["story"] * 3 + ["trending"] * 2
FORMATS = {
    "weibo": "image",
    "wechat": "article",
    "douyin": "short-video",
    "xiaohongshu": "image",
    "bilibili": "video",
}

RULES = """version: 1
mix: {tolerance: 0.5}
platforms:
""" + "".join(
    f"  {name}: {{max_per_day: 12, min_gap: 30m, max_title: 200}}\n" for name in PLATFORMS
)


def calendar_text(posts: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    start = datetime(2025, 1, 6)
    lines = [
        "version: 1",
        "brand: volta-bench",
        "timezone: Asia/Shanghai",
        "rules: rules.yaml",
        "posts:",
    ]
    per_day: dict[tuple[str, int], list[str]] = {}
    made = 0
    while made < posts:
        platform = rng.choice(list(PLATFORMS))
        day = rng.randrange(364)
        used = per_day.setdefault((platform, day), [])
        free = [slot for slot in PLATFORMS[platform] if slot not in used]
        if not free:
            continue
        slot = rng.choice(free)
        used.append(slot)
        when = start + timedelta(days=day)
        pillar = rng.choice(PILLARS)
        lines += [
            f"  - id: p{made:05d}",
            f"    at: {when:%Y-%m-%d} {slot}",
            f"    platform: {platform}",
            f"    pillar: {pillar}",
            f'    title: "{platform} {pillar} note {made} 产品评测"',
            f"    format: {FORMATS[platform]}",
        ]
        if pillar == "trending":
            lines.append(f"    topic: topic-{made}")
        made += 1
    return "\n".join(lines) + "\n"


def best_of(command: list[str], repeat: int, cwd: Path) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "rules.yaml").write_text(RULES, encoding="utf-8")
        big = work / "year.yaml"
        big.write_text(calendar_text(args.posts), encoding="utf-8")
        week = work / "week.yaml"
        week.write_text(calendar_text(40), encoding="utf-8")
        cli = [sys.executable, "-m", "contentplan"]
        check = subprocess.run(
            [*cli, "check", "year.yaml", "--format", "json"],
            cwd=work,
            capture_output=True,
            text=True,
        )
        if check.returncode not in (0, 1):
            sys.exit(f"check failed (exit {check.returncode}): {check.stderr[:2000]}")
        load = [
            sys.executable,
            "-c",
            "import yaml,sys; yaml.load(open(sys.argv[1], encoding='utf-8'), "
            "Loader=yaml.CSafeLoader)",
            "year.yaml",
        ]
        a = best_of([*cli, "check", "year.yaml", "--format", "json"], args.repeat, work)
        b = best_of(load, args.repeat, work)
        c1 = best_of([*cli, "--version"], args.repeat, work)
        c2 = best_of([*cli, "check", "week.yaml", "--format", "json"], args.repeat, work)
        size = big.stat().st_size / 1e6
        print(f"calendar: {args.posts} posts, 5 platforms, one year, {size:.2f} MB")
        print(f"A  contentplan check --format json   {a:6.3f} s   {args.posts / a:8.0f} posts/s")
        print(f"B  yaml.load(CSafeLoader) baseline   {b:6.3f} s")
        print(f"   ratio A/B                          {a / b:6.3f}   (goal <= 0.6)")
        print(f"C  contentplan --version             {c1:6.3f} s   (goal < 0.25)")
        print(f"   contentplan check (one week)      {c2:6.3f} s   (goal < 0.25)")
        found = json.loads(check.stdout)["summary"]
        print(
            f"   best of {args.repeat} runs each (shared machine: the minimum is the "
            f"least noisy); check found {found['errors']} errors, {found['warnings']} warnings"
        )


if __name__ == "__main__":
    main()
