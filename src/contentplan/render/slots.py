"""What `contentplan slots` prints: per brand and platform, the best posting
times the results show, with their 90 % intervals and the posts behind them,
and a `slots:` snippet to paste into the rules file; or the same as JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import time
from typing import Any

from contentplan.core.text import json_safe, safe_text
from contentplan.render.learned import interactions
from contentplan.stats.suggest import BrandSlots, Suggestion

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def clock(value: time) -> str:
    return f"{value:%H:%M}"


def text(found: Sequence[BrandSlots]) -> str:
    lines: list[str] = []
    for brand in found:
        lines += _brand_lines(brand)
    return "".join(safe_text(line) + "\n" for line in lines)


def _brand_lines(brand: BrandSlots) -> list[str]:
    name = brand.brand.name
    lines: list[str] = []
    for suggestion in brand.suggestions:
        lines += _platform_lines(name, suggestion)
        lines.append("")
    if brand.without:
        lines += [f"{name}: no results yet for {', '.join(brand.without)}: nothing to suggest.", ""]
    if brand.suggestions:
        lines.append(
            f"# {name}: the posting times the results favour, as `slots:` for the rules file "
            "(replace each platform's `slots:` line under `platforms:`)"
        )
        lines += snippet(brand.suggestions)
        lines.append("")
    return lines


def _platform_lines(brand: str, suggestion: Suggestion) -> list[str]:
    lines = [
        f"{brand} · {suggestion.platform}: {suggestion.posts} posts with results, a typical "
        f"post {interactions(suggestion.typical)} interactions",
        f"  {'best times':11} {'interactions':>12}  {'90% interval':>15}  {'posts':>5}",
    ]
    for value in suggestion.best:
        low, high = value.interval
        span = f"{interactions(low)}–{interactions(high)}"
        when = f"{WEEKDAYS[value.weekday]} {clock(value.clock)}"
        row = f"  {when:11} {interactions(value.interactions):>12}  {span:>15}  {value.posts:>5}"
        lines.append(f"{row}  {value.label}".rstrip())
    values = {value.interactions for value in suggestion.best}
    values |= {value.interactions for value in suggestion.clocks}
    if len(values) == 1 and len(suggestion.best) > 1:
        lines.append(
            "  no posting time stands out from the noise yet: these are as good as each "
            "other; more results will tell them apart"
        )
    now = ", ".join(clock(c) for c in suggestion.current) or "none"
    proposed = ", ".join(clock(c) for c in suggestion.slots)
    same = " (as now)" if suggestion.slots == suggestion.current else f" (now: {now})"
    lines.append(f"  every day: {proposed}{same}")
    return lines


def snippet(suggestions: Sequence[Suggestion]) -> list[str]:
    """`platforms:` with each platform's proposed `slots:`."""
    lines = ["platforms:"]
    for suggestion in suggestions:
        key = suggestion.platform
        if not _PLAIN_KEY.fullmatch(key):
            key = json.dumps(key, ensure_ascii=False)
        times = ", ".join(f'"{clock(c)}"' for c in suggestion.slots)
        lines += [f"  {key}:", f"    slots: [{times}]"]
    return lines


def document(found: Sequence[BrandSlots]) -> str:
    """The JSON document of `slots --format json`."""
    brands: list[dict[str, Any]] = []
    for brand in found:
        brands.append(
            {
                "brand": brand.brand.name,
                "results": brand.learning.results,
                "platforms": [_platform(s) for s in brand.suggestions],
                "without_results": list(brand.without),
            }
        )
    return json_safe(json.dumps({"brands": brands}, ensure_ascii=False, indent=2)) + "\n"


def _platform(suggestion: Suggestion) -> dict[str, Any]:
    best = []
    for value in suggestion.best:
        low, high = value.interval
        best.append(
            {
                "weekday": WEEKDAYS[value.weekday],
                "time": clock(value.clock),
                "interactions": round(value.interactions, 2),
                "low": round(low, 2),
                "high": round(high, 2),
                "posts": value.posts,
                "note": value.label or None,
            }
        )
    return {
        "platform": suggestion.platform,
        "posts": suggestion.posts,
        "typical_interactions": round(suggestion.typical, 2),
        "best": best,
        "clocks": [
            {"time": clock(c.clock), "interactions": round(c.interactions, 2), "posts": c.posts}
            for c in suggestion.clocks
        ],
        "slots": [clock(c) for c in suggestion.slots],
        "current_slots": [clock(c) for c in suggestion.current],
    }
