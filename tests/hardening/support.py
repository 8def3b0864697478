"""Shared helpers of the hardening tests (issue 6): the real command line in a
subprocess with bounded memory and a hang guard, and generated calendars."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import Run

GIB = 1 << 30
HANG_GUARD = 20.0  # seconds: a hang guard, not a timing assert
CLI = [sys.executable, "-m", "contentplan"]


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment.pop("CONTENTPLAN_DEBUG", None)
    environment.update(extra or {})
    return environment


def limit_memory(max_bytes: int) -> Callable[[], None]:
    """A preexec_fn that caps the child's address space."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    return apply


def run_bounded(
    *args: str,
    cwd: Path | str | None = None,
    memory: int = GIB,
    timeout: float = HANG_GUARD,
    prefix: Sequence[str] = (),
) -> Run:
    """`python -m contentplan ARGS` with at most `memory` bytes of address
    space; `timeout` only guards against a hang."""
    done = subprocess.run(
        [*(prefix or CLI), *args],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=limit_memory(memory),
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_clean_failure(run: Run) -> None:
    """Exit 2, no traceback, and every stderr/stdout line readable."""
    assert run.code == 2, (run.code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert "internal error" not in run.stderr, run.stderr


# -- a large calendar ------------------------------------------------------------

BIG_PLATFORMS = [f"p{n:02d}" for n in range(20)]
BIG_START = datetime(2025, 1, 6)  # a Monday
BIG_RULES = "version: 1\nplatforms:\n" + "".join(
    f"  {name}: {{max_per_day: 60, min_gap: 10m}}\n" for name in BIG_PLATFORMS
)
_CYCLE = ["functional"] * 5 + ["story"] * 3 + ["trending"] * 2
_CYCLE = [_CYCLE[i] for i in (0, 5, 1, 8, 2, 6, 3, 9, 4, 7)]  # spread within ten


def big_calendar(folder: Path, posts: int) -> tuple[Path, int]:
    """A calendar of `posts` valid posts (20 platforms, one every 30 minutes
    on each, a 5:3:2 mix) plus one planted spacing violation: post `planted`
    5 minutes after the post p0000100. Returns the file and the line of
    p0000100 (where the violation points)."""
    (folder / "rules.yaml").write_text(BIG_RULES, encoding="utf-8")
    lines = ["version: 1", "brand: big", "timezone: Asia/Shanghai", "rules: rules.yaml", "posts:"]
    per_platform: dict[str, int] = dict.fromkeys(BIG_PLATFORMS, 0)
    planted_line = 0
    for n in range(posts):
        platform = BIG_PLATFORMS[n % len(BIG_PLATFORMS)]
        k = per_platform[platform]
        per_platform[platform] = k + 1
        at = BIG_START + timedelta(minutes=30 * k)
        lines += [
            f"  - id: p{n:07d}",
            f"    at: {at:%Y-%m-%d %H:%M}",
            f"    platform: {platform}",
            f"    pillar: {_CYCLE[k % 10]}",
            f'    title: "{platform} note {n}"',
        ]
        if n == 100:
            planted_line = len(lines) - 4
            lines += [
                "  - id: planted",
                f"    at: {at + timedelta(minutes=5):%Y-%m-%d %H:%M}",
                f"    platform: {platform}",
                f"    pillar: {_CYCLE[k % 10]}",
                '    title: "planted too close"',
            ]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, planted_line
