"""How fast is `contentplan check`? Figures, not a test.

It writes calendars of 10,000 posts (several seeds and shapes) and times,
each as a fresh process, side by side in one run (the commands of a round
in random order, several rounds, the median of each):

  the baseline  `python -c "yaml.load(open(FILE), Loader=yaml.CSafeLoader)"`
  check         `contentplan check FILE --format F` for F in json, plain,
                sarif and rich (rich piped, so every violation is written,
                and rich on a pseudo-terminal, where it shows the first 200)
  a peer        `yamllint -d relaxed FILE` (skipped with a note when
                yamllint is not installed: pip install yamllint)

in three cases:

  many     run from a folder whose rules/default.yaml applies (this
           repository's), the calendar naming no rules: ~10,000 violations
  builtin  no rules anywhere: the built-in rules, ~2,400 violations
  clean    the calendar names a rules file it keeps: 1 warning

Every figure is a ratio to the baseline on the same file (goal: check at
most 0.5 in every case and format, rich at most 1.5 times plain); the
worst over seeds and shapes is reported. Then linearity: `check --format
json` on 200,000 posts against 10,000 (time per post), and its peak memory
against the baseline's (goal: under 3 times the loaded file's).

    python bench/check_bench.py [--posts 10000] [--repeat 5] [--seeds 7,11]
                                [--big 200000] [--cases many,builtin,clean]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = {  # name: slots
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
# Shapes: (platforms, days). "year" spreads posts over five platforms and a
# year; "crowded" packs them into four platforms and eight months.
SHAPES = {
    "year": (list(PLATFORMS), 364),
    "crowded": (["weibo", "douyin", "xiaohongshu", "bilibili"], 245),
}
CASES = ("many", "builtin", "clean")
CHECK_FORMATS = ("json", "plain", "sarif", "rich")

RULES = """version: 1
mix: {tolerance: 0.5}
platforms:
""" + "".join(
    f"  {name}: {{max_per_day: 12, min_gap: 30m, max_title: 200}}\n" for name in PLATFORMS
)

LOAD = (
    "import yaml,sys; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
)
# Runs a command and prints its peak memory (KiB on Linux), so that each
# figure is one process's own.
PEAK = (
    "import resource,subprocess,sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def calendar_text(
    posts: int, seed: int = 7, shape: str = "year", rules: str | None = "rules.yaml"
) -> str:
    rng = random.Random(seed)
    platforms, days = SHAPES[shape]
    start = datetime(2025, 1, 6)
    lines = ["version: 1", "brand: volta-bench", "timezone: Asia/Shanghai"]
    if rules is not None:
        lines.append(f"rules: {rules}")
    lines.append("posts:")
    per_day: dict[tuple[str, int], list[str]] = {}
    made = 0
    room = sum(len(PLATFORMS[p]) for p in platforms) * days
    if posts > room:  # more posts than slots: repeat the year
        days = -(-posts * days // room) + days
    while made < posts:
        platform = rng.choice(platforms)
        day = rng.randrange(days)
        used = per_day.setdefault((platform, day), [])
        free = [slot for slot in PLATFORMS[platform] if slot not in used]
        if not free:
            continue
        slot = rng.choice(free)
        used.append(slot)
        when = start + timedelta(days=day)
        pillar = rng.choice(PILLARS)
        lines += [
            f"  - id: p{made:06d}",
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


def make_case(folder: Path, case: str, posts: int, seed: int, shape: str) -> Path:
    """A folder to run `check year.yaml` in, for one case."""
    folder.mkdir(parents=True)
    if case == "clean":
        (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
        text = calendar_text(posts, seed, shape)
    else:
        text = calendar_text(posts, seed, shape, rules=None)
    if case == "many":
        (folder / "rules").mkdir()
        shutil.copy(ROOT / "rules" / "default.yaml", folder / "rules" / "default.yaml")
    (folder / "year.yaml").write_text(text, encoding="utf-8")
    return folder


# With --cpu: each run's processor time (user + system, of the process and
# its children) instead of its wall time, which a busy shared machine
# stretches by whatever else runs.
CPU = False


def run_once(command: list[str], cwd: Path, terminal: bool = False) -> float:
    """Wall time of one run (processor time with --cpu); with ``terminal``,
    stdout is a pseudo-terminal (what a person at a terminal waits for)."""
    before = _cpu_seconds()
    wall = _run(command, cwd, terminal)
    return _cpu_seconds() - before if CPU else wall


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(command: list[str], cwd: Path, terminal: bool) -> float:
    began = time.perf_counter()
    if not terminal:
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - began
    reader, writer = os.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=writer, stderr=subprocess.DEVNULL
    )
    os.close(writer)
    try:
        while select.select([reader], [], [], 600)[0]:
            try:
                if not os.read(reader, 1 << 16):
                    break
            except OSError:  # the other end closed
                break
    finally:
        os.close(reader)
        process.wait()
    return time.perf_counter() - began


def medians(
    commands: dict[str, tuple[list[str], Path, bool]], repeat: int, seed: int
) -> dict[str, float]:
    """Each command `repeat` times, the commands of a round in random order;
    the median of each (the machine may be shared: interleaving spreads the
    noise over all of them alike)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    rng = random.Random(seed)
    for _ in range(repeat):
        rng.shuffle(order)
        for name in order:
            command, cwd, terminal = commands[name]
            times[name].append(run_once(command, cwd, terminal))
    return {name: statistics.median(values) for name, values in times.items()}


def peak_kib(command: list[str], cwd: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True
    )
    return int(done.stdout.strip() or 0)


def count_violations(cli: list[str], cwd: Path) -> int:
    done = subprocess.run(
        [*cli, "check", "year.yaml", "--format", "plain"], cwd=cwd, capture_output=True
    )
    if done.returncode not in (0, 1):
        sys.exit(f"check failed in {cwd} (exit {done.returncode}): {done.stderr[:2000]!r}")
    return max(len(done.stdout.splitlines()) - 1, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", default="7,11", help="comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated")
    parser.add_argument("--big", type=int, default=200_000, help="posts for linearity; 0 skips")
    parser.add_argument(
        "--cpu", action="store_true", help="time processor seconds, not wall (a busy machine)"
    )
    args = parser.parse_args()
    global CPU
    CPU = args.cpu
    seeds = [int(seed) for seed in args.seeds.split(",")]
    shapes = args.shapes.split(",")
    cases = args.cases.split(",")
    cli = [sys.executable, "-m", "contentplan"]
    yamllint = shutil.which("yamllint")
    if yamllint is None:
        print("note: yamllint is not installed (pip install yamllint): no peer figure")
    worst: dict[tuple[str, str], tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(f"{args.posts:,} posts; medians of {args.repeat} interleaved runs; ratio = "
              f"{'processor ' if CPU else ''}time / yaml.load(CSafeLoader) of the same file")
        header = f"{'shape':8} {'seed':>4} {'case':8} {'violations':>10} {'load s':>7}"
        columns = [*CHECK_FORMATS, "rich-tty", *(["yamllint"] if yamllint else [])]
        print(header + "".join(f" {name:>9}" for name in columns))
        for shape in shapes:
            for seed in seeds:
                for case in cases:
                    here = make_case(work / f"{shape}-{seed}-{case}", case, args.posts, seed, shape)
                    found = count_violations(cli, here)
                    commands: dict[str, tuple[list[str], Path, bool]] = {
                        "load": ([sys.executable, "-c", LOAD, "year.yaml"], here, False),
                    }
                    for form in CHECK_FORMATS:
                        command = [*cli, "check", "year.yaml", "--format", form]
                        commands[form] = (command, here, False)
                    commands["rich-tty"] = (
                        [*cli, "check", "year.yaml", "--format", "rich"], here, True
                    )
                    if yamllint:
                        lint = [yamllint, "-d", "relaxed", "year.yaml"]
                        commands["yamllint"] = (lint, here, False)
                    taken = medians(commands, args.repeat, seed)
                    base = taken["load"]
                    ratios = {name: taken[name] / base for name in columns}
                    print(
                        f"{shape:8} {seed:>4} {case:8} {found:>10,} {base:7.3f}"
                        + "".join(f" {ratios[name]:9.2f}" for name in columns)
                    )
                    where = f"{shape}, seed {seed}"
                    for name in columns:
                        key = (case, name)
                        if key not in worst or ratios[name] > worst[key][0]:
                            worst[key] = (ratios[name], where)
                    for form in ("rich", "rich-tty"):
                        key = (case, f"{form} / plain")
                        ratio = taken[form] / taken["plain"]
                        if key not in worst or ratio > worst[key][0]:
                            worst[key] = (ratio, where)
        print("\nworst ratio over seeds and shapes (goal: check <= 0.5 of the load; "
              "rich <= 1.5 of plain)")
        for (case, name), (ratio, where) in sorted(worst.items()):
            print(f"  {case:8} {name:16} {ratio:6.2f}   ({where})")
        if args.big:
            linearity(work, cli, args.posts, args.big, max(2, args.repeat // 2))
        startup(work, cli, args.repeat)


def linearity(work: Path, cli: list[str], small: int, big: int, repeat: int) -> None:
    print(f"\nlinearity: check --format json (case many), {small:,} against {big:,} posts")
    folders = {
        posts: make_case(work / f"linear-{posts}", "many", posts, 7, "year")
        for posts in (small, big)
    }
    command = [*cli, "check", "year.yaml", "--format", "json", "--max-bytes", str(1 << 30)]
    load = [sys.executable, "-c", LOAD, "year.yaml"]
    commands = {}
    for posts, here in folders.items():
        commands[f"check {posts}"] = (command, here, False)
        commands[f"load {posts}"] = (load, here, False)
    taken = medians(commands, repeat, 7)
    for posts, here in folders.items():
        size = (here / "year.yaml").stat().st_size / 1e6
        check_peak = peak_kib(command, here)
        load_peak = peak_kib(load, here)
        bare = peak_kib([sys.executable, "-c", "import yaml"], here)
        print(
            f"  {posts:>8,} posts {size:6.1f} MB: check {taken[f'check {posts}']:6.2f} s "
            f"({taken[f'check {posts}'] / posts * 1e6:5.1f} us/post, "
            f"{taken[f'check {posts}'] / taken[f'load {posts}']:.2f} of the load); "
            f"peak {check_peak / 1024:6.0f} MiB, the load's {load_peak / 1024:6.0f} MiB, "
            f"the loaded file {(load_peak - bare) / 1024:6.0f} MiB: "
            f"check's growth {(check_peak - bare) / max(load_peak - bare, 1):.2f} of it"
        )
    per_post = {posts: taken[f"check {posts}"] / posts for posts in folders}
    print(f"  time per post, {big:,} against {small:,}: {per_post[big] / per_post[small]:.2f} "
          "(1.00 is linear)")


def startup(work: Path, cli: list[str], repeat: int) -> None:
    week = make_case(work / "week", "clean", 40, 7, "year")
    taken = medians(
        {
            "version": ([*cli, "--version"], week, False),
            "week": ([*cli, "check", "year.yaml", "--format", "json"], week, False),
            "import": ([sys.executable, "-c", "import typer, rich, yaml"], week, False),
        },
        repeat,
        7,
    )
    print(
        f"\nstart-up: contentplan --version {taken['version']:.3f} s, check on one week "
        f"{taken['week']:.3f} s, python -c 'import typer, rich, yaml' {taken['import']:.3f} s"
    )


if __name__ == "__main__":
    main()
