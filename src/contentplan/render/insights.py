"""`contentplan insights` output: findings first, in words, then one table per
platform (docs/insights.md).

- ``print_rich``: Rich tables on a terminal (Rich is imported only here,
  when it is called);
- ``render_plain``: the same as plain text, for a pipe, a file or a log;
- ``render_json``: the stable document of docs/insights.md#json, for other
  tools;
- ``render_html``: one self-contained page in the look of `report --html`
  (its CSS and helpers), with an inline SVG chart per table: a bar for each
  cell's mean interactions and a whisker for its 90 % interval.

Every name here is user text (brands, platforms, pillars, formats, phases):
it goes through `safe_text` (terminal and plain), `text` (HTML and SVG, as the report's
page writes it: escaped, control characters shown as escapes) or
`json_safe` (JSON).
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from html import escape
from typing import TYPE_CHECKING, Any

from contentplan.core.text import json_safe, safe_text
from contentplan.render.report_html import CSS
from contentplan.stats.insights import (
    DIMENSIONS,
    HIGHER,
    LEVEL,
    LOWER,
    MAX_SPREAD,
    MIN_POSTS,
    RESAMPLES,
    Cell,
    Dimension,
    Estimate,
    Finding,
    Insights,
    Interval,
    PlatformInsights,
    Sources,
    interval_text,
    ratio_text,
)

if TYPE_CHECKING:
    from rich.console import Console

JSON_VERSION = 1
PERCENT = round(LEVEL * 100)
SHOWN_UNMATCHED = 5  # rows that name no post: how many are quoted


# -- words shared by every format ------------------------------------------------------


def count_text(value: float) -> str:
    """Mean interactions: 1,234 or 12.5 below 100."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value else "0"


def rate_text(value: float) -> str:
    """A rate as a percentage: 3.2 %, 0.41 %."""
    scaled = value * 100
    return f"{scaled:.2g} %" if scaled < 1 else f"{scaled:.1f} %"


def estimate_text(estimate: Estimate, rate: bool = False) -> str:
    """1,234 (1,100–1,380); a rate: 3.2 % (2.9–3.6)."""
    low, high = estimate.interval.low, estimate.interval.high
    if rate:
        ends = f"{rate_text(low)[:-2]}–{rate_text(high)[:-2]}"
        return f"{rate_text(estimate.mean)} ({ends})"
    return f"{count_text(estimate.mean)} ({count_text(low)}–{count_text(high)})"


def thin_lines(insights: Insights) -> list[str]:
    """What is too thin to say, one line per platform."""
    by_platform: dict[tuple[str, str], list[Finding]] = {}
    for finding in insights.findings:
        if finding.kind == "thin":
            by_platform.setdefault((finding.brand, finding.platform), []).append(finding)
    labels = {(p.brand, p.platform): p.label for p in insights.platforms}
    lines = []
    for key, found in by_platform.items():
        parts = []
        for finding in found:
            title = dict(DIMENSIONS)[finding.dimension]
            names = list(finding.keys)
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            parts.append(f"by {title} {len(names)} of {finding.cells} ({shown})")
        lines.append(f"{labels[key]}: {'; '.join(parts)}")
    return lines


def thin_rule() -> str:
    return (
        f"(cells with fewer than {MIN_POSTS} posts, or fewer than {MIN_POSTS} other posts to "
        f"compare with, or an interval more than {MAX_SPREAD:g}× wide)"
    )


def ratio_cell(cell: Cell) -> str:
    if cell.ratio is None or cell.ratio_interval is None:
        return "–"
    return f"{ratio_text(cell.ratio)} ({interval_text(cell.ratio_interval)})"


def verdict_text(cell: Cell) -> str:
    return {HIGHER: "▲ higher", LOWER: "▼ lower"}.get(cell.verdict, cell.verdict)


def unmatched_lines(sources: Sources) -> list[str]:
    """For stderr: how many results rows name no post, and the first few."""
    rows = sources.unmatched
    if not rows:
        return []
    many = len(rows) != 1
    lines = [
        f"{len(rows)} results row{'s' if many else ''} not counted (no post of the calendars "
        f"read, or measured before it went out){':' if rows else ''}"
    ]
    for problem in rows[:SHOWN_UNMATCHED]:
        place = problem.file
        if problem.line:
            place += f":{problem.line}:{problem.column}"
        lines.append(safe_text(f"  {place}: {problem.message}"))
    if len(rows) > SHOWN_UNMATCHED:
        lines.append(f"  … and {len(rows) - SHOWN_UNMATCHED} more (--format json lists them all)")
    return lines


def heading_text(platform: PlatformInsights) -> str:
    text = (
        f"{platform.label}: {platform.posts} measured posts, mean "
        f"{estimate_text(platform.interactions)} interactions"
    )
    if platform.rate is not None:
        text += f", rate {estimate_text(platform.rate, rate=True)} ({platform.rated} posts)"
    return text


def method_text() -> str:
    return (
        f"Means with their {PERCENT} % interval (percentile bootstrap, {RESAMPLES} resamples, "
        f"seeded); × others: mean interactions against the platform's other posts in that "
        f"table, its interval simultaneous over the platform's comparisons. A cell stands out "
        f"when that interval excludes 1; under {MIN_POSTS} posts, or an interval more than "
        f"{MAX_SPREAD:g}× wide, it is too thin to say."
    )


def _filters(sources: Sources) -> str:
    parts = []
    if sources.platform:
        parts.append(f"platform {sources.platform}")
    if sources.first or sources.last:
        parts.append(f"from {sources.first or 'the start'} to {sources.last or 'the end'}")
    return f" ({', '.join(parts)})" if parts else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_text(insights: Insights, sources: Sources) -> str:
    results = ", ".join(sources.results) or "results"
    return (
        f"{insights.posts} measured posts on {_plural(len(insights.platforms), 'platform')}"
        f"{_filters(sources)}, from {_plural(sources.rows, 'row')} in {results}."
    )


# -- plain text -----------------------------------------------------------------------

COLUMNS = ("cell", "posts", "interactions", "rate", "× others", "")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _rows(dimension: Dimension) -> list[tuple[str, ...]]:
    return [
        (
            safe_text(cell.key),
            str(cell.posts),
            estimate_text(cell.interactions),
            estimate_text(cell.rate, rate=True) if cell.rate is not None else "–",
            ratio_cell(cell),
            verdict_text(cell),
        )
        for cell in dimension.cells
    ]


def render_plain(insights: Insights, sources: Sources) -> str:
    lines = [summary_text(insights, sources), ""]
    lines.extend(_findings_lines(insights))
    for platform in insights.platforms:
        lines.extend(["", safe_text(heading_text(platform))])
        for dimension in platform.dimensions:
            if not dimension.cells:
                continue
            rows = _rows(dimension)
            widths = [max(_width(row[i]) for row in [COLUMNS, *rows]) for i in range(6)]
            lines.append(f"  by {dimension.title}")
            for row in [COLUMNS, *rows]:
                cells = [
                    _pad(text, widths[i], right=i in (1, 2, 3, 4)) for i, text in enumerate(row)
                ]
                lines.append(("    " + "  ".join(cells)).rstrip())
    lines.extend(["", method_text()])
    return "\n".join(lines) + "\n"


def _findings_lines(insights: Insights) -> list[str]:
    standing = [f for f in insights.findings if f.kind in (HIGHER, LOWER)]
    thin = [f for f in insights.findings if f.kind == "thin"]
    if not insights.platforms:
        return ["No measured posts in what was asked for."]
    lines = ["What stands out:"]
    lines.extend(f"  - {safe_text(f.text)}" for f in standing)
    if not standing:
        lines.append("  nothing: no cell differs from the other posts beyond its interval")
    if thin:
        lines.append(f"Too thin to say {thin_rule()}:")
        lines.extend(f"  - {safe_text(line)}" for line in thin_lines(insights))
    return lines


# -- Rich -----------------------------------------------------------------------------


def print_rich(console: Console, insights: Insights, sources: Sources) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from contentplan.render.terminal import message_text, user_text

    console.print(message_text(summary_text(insights, sources)))
    console.print()
    if not insights.platforms:
        console.print("No measured posts in what was asked for.")
        return
    standing = [f for f in insights.findings if f.kind in (HIGHER, LOWER)]
    console.print(Text("What stands out", style="bold"))
    for finding in standing:
        style = "green" if finding.kind == HIGHER else "red"
        mark = Text("▲ " if finding.kind == HIGHER else "▼ ", style=style)
        mark.append_text(message_text(finding.text))
        console.print(mark)
    if not standing:
        console.print(
            Text("nothing: no cell differs from the other posts beyond its interval", style="dim")
        )
    thin = thin_lines(insights)
    if thin:
        title = Text("Too thin to say ", style="bold")
        title.append(thin_rule(), style="dim")
        console.print(title)
        for line in thin:
            console.print(message_text(f"· {line}", "dim"))
    for platform in insights.platforms:
        console.print()
        console.print(message_text(heading_text(platform), "bold"))
        for dimension in platform.dimensions:
            if not dimension.cells:
                continue
            grid = Table(
                title=f"by {dimension.title}",
                title_justify="left",
                title_style="bold",
                box=box.SIMPLE_HEAD,
                header_style="bold",
                pad_edge=False,
            )
            for name in COLUMNS:
                right = name not in ("cell", "")
                grid.add_column(name, justify="right" if right else "left", overflow="fold")
            for cell in dimension.cells:
                style = (
                    "dim" if cell.thin else {HIGHER: "green", LOWER: "red"}.get(cell.verdict, "")
                )
                grid.add_row(
                    user_text(cell.key),
                    str(cell.posts),
                    estimate_text(cell.interactions),
                    estimate_text(cell.rate, rate=True) if cell.rate is not None else "–",
                    Text(ratio_cell(cell), style=style),
                    Text(verdict_text(cell), style=style),
                )
            console.print(grid)
    console.print(Text(method_text(), style="dim"))


# -- JSON -----------------------------------------------------------------------------


def _number(value: float) -> float | None:
    """A figure for JSON: 6 significant digits; null for an infinite end."""
    if math.isinf(value) or math.isnan(value):
        return None
    return float(f"{value:.6g}")


def _estimate(estimate: Estimate | None, posts: int | None = None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    shown: dict[str, Any] = {
        "mean": _number(estimate.mean),
        "low": _number(estimate.interval.low),
        "high": _number(estimate.interval.high),
    }
    if posts is not None:
        shown["posts"] = posts
    return shown


def _ratio(value: float | None, interval: Interval | None) -> dict[str, Any] | None:
    if value is None or interval is None:
        return None
    return {"value": _number(value), "low": _number(interval.low), "high": _number(interval.high)}


def _cell_dict(cell: Cell) -> dict[str, Any]:
    ratio = _ratio(cell.ratio, cell.ratio_interval)
    if ratio is not None:
        ratio["baseline_posts"] = cell.baseline_posts
    return {
        "key": cell.key,
        "posts": cell.posts,
        "verdict": cell.verdict,
        "interactions": _estimate(cell.interactions),
        "rate": _estimate(cell.rate, cell.rated),
        "ratio": ratio,
    }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    ratio = _ratio(finding.ratio, finding.interval)
    return {
        "kind": finding.kind,
        "brand": finding.brand,
        "platform": finding.platform,
        "dimension": finding.dimension,
        "keys": list(finding.keys),
        "text": finding.text,
        "ratio": ratio,
        "posts": finding.posts if ratio is not None else None,
        "baseline_posts": finding.baseline_posts if ratio is not None else None,
    }


def json_document(insights: Insights, sources: Sources) -> dict[str, Any]:
    """The document of docs/insights.md#json (every key always present)."""
    return {
        "version": JSON_VERSION,
        "method": {
            "interactions": "likes + comments + shares + saves",
            "rate": "interactions / impressions, else interactions / followers",
            "interval": "percentile bootstrap",
            "level": LEVEL,
            "resamples": RESAMPLES,
            "ratio_interval": "simultaneous per platform (Bonferroni)",
            "min_posts": MIN_POSTS,
            "max_spread": MAX_SPREAD,
        },
        "summary": {
            "platforms": len(insights.platforms),
            "posts": insights.posts,
            "results_rows": sources.rows,
            "measured": sources.measured,
            "unmatched": len(sources.unmatched),
            "findings": sum(1 for f in insights.findings if f.kind in (HIGHER, LOWER)),
        },
        "filters": {"platform": sources.platform, "from": sources.first, "to": sources.last},
        "results": list(sources.results),
        "findings": [_finding_dict(finding) for finding in insights.findings],
        "unmatched": [
            {
                "file": problem.file,
                "line": problem.line or None,
                "column": problem.column or None,
                "id": problem.post_id,
                "message": problem.message,
            }
            for problem in sources.unmatched
        ],
        "platforms": [
            {
                "brand": platform.brand,
                "platform": platform.platform,
                "posts": platform.posts,
                "comparisons": platform.comparisons,
                "interactions": _estimate(platform.interactions),
                "rate": _estimate(platform.rate, platform.rated),
                "dimensions": [
                    {
                        "name": dimension.name,
                        "title": dimension.title,
                        "ratio_level": _number(dimension.level),
                        "cells": [_cell_dict(cell) for cell in dimension.cells],
                    }
                    for dimension in platform.dimensions
                ],
            }
            for platform in insights.platforms
        ],
    }


def render_json(insights: Insights, sources: Sources) -> str:
    text = json.dumps(json_document(insights, sources), ensure_ascii=False, indent=2)
    return json_safe(text) + "\n"


# -- HTML -----------------------------------------------------------------------------

ROW_HEIGHT = 22
BAR_HEIGHT = 12
LABEL_WIDTH = 120
BAR_WIDTH = 380
RIGHT_WIDTH = 200
TOP = 22
BOTTOM = 8
VERDICT_COLOURS = {HIGHER: "#16a34a", LOWER: "#dc2626"}
SAME_COLOUR = "#2563eb"
THIN_COLOUR = "#cbd5e1"

EXTRA_CSS = """
.findings li { margin: .15rem 0; }
.findings .higher::marker { content: "▲ "; color: #16a34a; }
.findings .lower::marker { content: "▼ "; color: #dc2626; }
.thin { color: #6b7280; }
td.higher { color: #15803d; font-weight: 600; }
td.lower { color: #b91c1c; font-weight: 600; }
td.thin { color: #9ca3af; }
"""


def text(value: str) -> str:
    """User text for HTML and SVG, as the report's page writes it: escaped,
    with control and bidi characters shown as escapes."""
    return escape(safe_text(value))


def render_html(insights: Insights, sources: Sources) -> str:
    platforms = ", ".join(p.label for p in insights.platforms) or "no platforms"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Insights: {text(platforms)}</title>",
        f"<style>{CSS}{EXTRA_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Insights</h1>",
        f'<p class="meta">{text(summary_text(insights, sources))}</p>',
        f'<p class="meta">{text(method_text())}</p>',
        "</header>",
    ]
    parts.extend(_html_findings(insights))
    for platform in insights.platforms:
        parts.extend(_html_platform(platform))
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts)


def _html_findings(insights: Insights) -> list[str]:
    if not insights.platforms:
        return ['<p class="note">No measured posts in what was asked for.</p>']
    standing = [f for f in insights.findings if f.kind in (HIGHER, LOWER)]
    thin = [f for f in insights.findings if f.kind == "thin"]
    parts = ["<section>", "<h2>What stands out</h2>"]
    if standing:
        parts.append('<ul class="findings">')
        parts.extend(f'<li class="{f.kind}">{text(f.text)}</li>' for f in standing)
        parts.append("</ul>")
    else:
        parts.append(
            '<p class="note">Nothing: no cell differs from the other posts beyond its interval.</p>'
        )
    if thin:
        parts.append(f'<h3>Too thin to say <span class="thin">{text(thin_rule())}</span></h3>')
        parts.append('<ul class="thin">')
        parts.extend(f"<li>{text(line)}</li>" for line in thin_lines(insights))
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def _html_platform(platform: PlatformInsights) -> list[str]:
    parts = [
        f'<section class="brand" id="platform-{text(platform.brand)}-{text(platform.platform)}">',
        f"<h2>{text(platform.label)}</h2>",
        f'<p class="meta">{text(heading_text(platform))}</p>',
    ]
    for dimension in platform.dimensions:
        if not dimension.cells:
            continue
        parts.extend(
            [
                '<section class="group">',
                f"<h3>by {text(dimension.title)}</h3>",
                chart_svg(platform, dimension),
                _html_table(dimension),
                "</section>",
            ]
        )
    parts.append("</section>")
    return parts


def _colour(cell: Cell) -> str:
    if cell.thin:
        return THIN_COLOUR
    return VERDICT_COLOURS.get(cell.verdict, SAME_COLOUR)


def _num(value: float) -> str:
    """Two decimals at most, the same on every machine."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def chart_svg(platform: PlatformInsights, dimension: Dimension) -> str:
    """One bar per cell: its mean interactions, with a whisker for the 90 %
    interval of the mean; a dashed line at the platform's mean. Bars are
    green or red where the cell stands out, pale where it is too thin."""
    cells = dimension.cells
    top = max([cell.interactions.interval.high for cell in cells] + [platform.interactions.mean])
    scale = BAR_WIDTH / top if top > 0 else 0.0
    height = TOP + len(cells) * ROW_HEIGHT + BOTTOM
    width = LABEL_WIDTH + BAR_WIDTH + RIGHT_WIDTH
    label = (
        f"{platform.label} by {dimension.title}: mean interactions per cell with the "
        f"{PERCENT} % interval"
    )
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{text(label)}">',
        f"<title>{text(label)}</title>",
        f'<text x="{LABEL_WIDTH}" y="12" font-size="11" fill="#374151">0</text>',
        f'<text x="{LABEL_WIDTH + BAR_WIDTH}" y="12" font-size="11" fill="#374151" '
        f'text-anchor="end">{text(count_text(top))}</text>',
    ]
    for index, cell in enumerate(cells):
        y = TOP + index * ROW_HEIGHT
        middle = y + BAR_HEIGHT - 2
        low = LABEL_WIDTH + cell.interactions.interval.low * scale
        high = LABEL_WIDTH + cell.interactions.interval.high * scale
        centre = y + BAR_HEIGHT / 2
        tip = (
            f"{cell.key}: {cell.posts} posts, mean {estimate_text(cell.interactions)} "
            f"interactions; {ratio_cell(cell)} the other posts; {cell.verdict}"
        )
        parts.append(
            f'<text x="0" y="{middle}" font-size="11" fill="#111827">{text(cell.key)}</text>'
            f'<rect class="bar" data-verdict="{text(cell.verdict)}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{_num(cell.interactions.mean * scale)}" height="{BAR_HEIGHT}" '
            f'fill="{_colour(cell)}"><title>{text(tip)}</title></rect>'
            f'<line class="whisker" x1="{_num(low)}" y1="{_num(centre)}" x2="{_num(high)}" '
            f'y2="{_num(centre)}" stroke="#111827" stroke-width="1.2"/>'
            f'<line x1="{_num(low)}" y1="{y + 2}" x2="{_num(low)}" y2="{y + BAR_HEIGHT - 2}" '
            'stroke="#111827" stroke-width="1.2"/>'
            f'<line x1="{_num(high)}" y1="{y + 2}" x2="{_num(high)}" y2="{y + BAR_HEIGHT - 2}" '
            'stroke="#111827" stroke-width="1.2"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{middle}" font-size="11" '
            f'fill="#374151">{cell.posts} posts · {text(ratio_cell(cell))}</text>'
        )
    mean_x = _num(LABEL_WIDTH + platform.interactions.mean * scale)
    parts.append(
        f'<line class="mean" x1="{mean_x}" y1="{TOP - 4}" x2="{mean_x}" '
        f'y2="{height - BOTTOM + 2}" stroke="#111827" stroke-width="1" stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _html_table(dimension: Dimension) -> str:
    head = "".join(f"<th>{text(name)}</th>" for name in COLUMNS)
    lines = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for cell in dimension.cells:
        css = "thin" if cell.thin else cell.verdict if cell.stands_out else ""
        klass = f' class="{css}"' if css else ""
        rate = estimate_text(cell.rate, rate=True) if cell.rate is not None else "–"
        lines.append(
            f"<tr><td>{text(cell.key)}</td><td>{cell.posts}</td>"
            f"<td>{text(estimate_text(cell.interactions))}</td><td>{text(rate)}</td>"
            f"<td{klass}>{text(ratio_cell(cell))}</td><td{klass}>{text(verdict_text(cell))}</td>"
            "</tr>"
        )
    lines.extend(["</tbody>", "</table>"])
    return "\n".join(lines)


def print_to_stdout(insights: Insights, sources: Sources, rich: bool) -> None:
    """Rich tables on a terminal, else plain text."""
    if not rich:
        sys.stdout.write(render_plain(insights, sources))
        return
    from contentplan.render.terminal import console_for

    console, _ = console_for(False)
    print_rich(console, insights, sources)
