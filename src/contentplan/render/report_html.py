"""`contentplan report --html`: one self-contained page.

Everything is inline: the CSS, and one SVG chart per platform and per brand
(a stacked bar of the pillar mix for every window, the target marked as
dashed lines). There are no scripts, fonts, images or links to fetch, so the
page opens offline, can be mailed, and prints (A4, one group per page block,
colours kept). The output depends only on the report: no clock, no paths.

The SVG fragments are well-formed XML on their own, so tests parse them.
Names from the rules and calendars go through `_text`: HTML-escaped, and
with control and bidi characters shown as escapes by `safe_text` (XML cannot
hold most control characters, and bidi controls would reorder the page).
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from contentplan.core.text import safe_text
from contentplan.stats.report import (
    BrandReport,
    Report,
    Row,
    Table,
    in_band_summary,
    percent,
    points,
    repeats_summary,
)

PALETTE = ("#2563eb", "#c026d3", "#d97706", "#16a34a", "#0891b2", "#dc2626", "#4f46e5", "#65a30d")
ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 78
BAR_LEFT = 86
BAR_WIDTH = 420
RIGHT_WIDTH = 104
TOP = 26
BOTTOM = 22

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #111827; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; border-bottom: 2px solid #111827; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
h3 .target { font-weight: normal; color: #374151; }
.meta, .note { color: #4b5563; margin: .2rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .6rem 0; }
.legend span { display: inline-flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; }
.group { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.5rem; }
svg.chart { width: 100%; height: auto; display: block; margin: .3rem 0 .6rem; }
svg text { font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #e5e7eb; padding: .2rem .45rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { border-bottom: 2px solid #9ca3af; font-weight: 600; }
td .band { color: #6b7280; font-size: .85em; }
td .delta { color: #6b7280; font-size: .8em; display: block; }
td.out { color: #b91c1c; font-weight: 600; }
td.ok { color: #15803d; text-align: center; font-weight: 700; }
td.bad { color: #b91c1c; text-align: center; font-weight: 700; }
td.skip { color: #9ca3af; text-align: center; }
td.empty { color: #9ca3af; }
tr.target td { color: #4b5563; font-style: italic; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _text(value: str) -> str:
    """User text for HTML and SVG: escaped, and readable as written."""
    return escape(safe_text(value))


def render_html(report: Report) -> str:
    brands = ", ".join(brand.brand for brand in report.brands) or "no brands"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Content mix: {_text(brands)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Content mix</h1>",
        '<p class="meta">Pillar counts per window against the band of the rules '
        "(see docs/reference.md#the-mix-band). Dashed lines mark the target; ✓ in band, "
        "✗ outside, – not judged.</p>",
        "</header>",
    ]
    if not report.brands:
        parts.append('<p class="note">No posts to report.</p>')
    for brand in report.brands:
        parts.extend(_brand(brand))
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts)


def _brand(brand: BrandReport) -> list[str]:
    kind = "weeks" if brand.window == "week" else "months"
    windows = brand.windows
    span = f"{windows[0]} … {windows[-1]}" if windows else "none"
    parts = [
        f'<section class="brand" id="brand-{_text(brand.brand)}">',
        f"<h2>{_text(brand.brand)}</h2>",
        f'<p class="meta">{_text(brand.timezone)} · {kind} {_text(span)} · '
        f"{brand.brand_table.total} posts</p>",
        _legend(brand),
    ]
    if not windows:
        parts.extend(['<p class="note">No posts in these windows.</p>', "</section>"])
        return parts
    for table in brand.tables:
        parts.extend(_group(brand, table))
    parts.append("</section>")
    return parts


def _legend(brand: BrandReport) -> str:
    items = [
        f'<span><i class="swatch" style="background:{_colour(brand, p)}"></i>{_text(p)}</span>'
        for p in brand.pillars
    ]
    items.append('<span><i class="swatch" style="border:1px dashed #111827"></i>target</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def _colour(brand: BrandReport, pillar: str) -> str:
    return PALETTE[brand.pillars.index(pillar) % len(PALETTE)]


def _summary(brand: BrandReport, table: Table) -> str:
    if not table.judged_scope:
        return "not judged (mix.scope)"
    return in_band_summary(table, brand.window)


def _group(brand: BrandReport, table: Table) -> list[str]:
    role = f", {table.role}" if table.role else ""
    return [
        '<section class="group">',
        f'<h3>{_text(table.name)} <span class="target">target {_text(table.target_label)}'
        f"{_text(role)} · {_text(_summary(brand, table))}</span></h3>",
        chart_svg(brand, table),
        _numbers(brand, table),
        *_repeats(brand, table),
        "</section>",
    ]


def _repeats(brand: BrandReport, table: Table) -> list[str]:
    """The group's evergreen repeats per pillar, when it has any."""
    line = repeats_summary(table, brand.pillars)
    return [] if line is None else [f'<p class="repeats">{_text(line)}</p>']


def chart_svg(brand: BrandReport, table: Table) -> str:
    """Stacked horizontal bars, one per window; dashed lines at the target's
    cumulative shares, so a segment that ends far from its line is off-mix."""
    rows = table.rows
    height = TOP + max(len(rows), 1) * ROW_HEIGHT + BOTTOM
    width = BAR_LEFT + BAR_WIDTH + RIGHT_WIDTH
    label = f"{table.name}: pillar mix per window against the target {table.target_label}"
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_text(label)}">',
        f"<title>{_text(label)}</title>",
        f'<text x="{BAR_LEFT}" y="14" font-size="11" fill="#374151">0%</text>',
        f'<text x="{BAR_LEFT + BAR_WIDTH}" y="14" font-size="11" fill="#374151" '
        'text-anchor="end">100%</text>',
    ]
    for index, row in enumerate(rows):
        parts.extend(_bar(brand, table, row, TOP + index * ROW_HEIGHT))
    if not rows:
        parts.append(
            f'<text x="{BAR_LEFT}" y="{TOP + 14}" font-size="11" fill="#6b7280">no windows</text>'
        )
    parts.extend(_target_marks(brand, table, height))
    parts.append("</svg>")
    return "".join(parts)


def _bar(brand: BrandReport, table: Table, row: Row, y: int) -> list[str]:
    middle = y + BAR_HEIGHT - 3
    parts = [
        f'<text x="0" y="{middle}" font-size="11" fill="#111827">{_text(row.window)}</text>',
        f'<rect x="{BAR_LEFT}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
        'fill="#f3f4f6" stroke="#d1d5db" stroke-width="0.5"/>',
    ]
    if row.total:
        left = Fraction(0)
        for pillar in brand.pillars:
            count = row.counts.get(pillar, 0)
            if not count:
                continue
            share = Fraction(count, row.total)
            lo, hi = row.band[pillar]
            tip = f"{pillar}: {count} of {row.total} ({percent(share)}), band {lo}..{hi}"
            parts.append(
                f'<rect class="segment" data-pillar="{_text(pillar)}" '
                f'x="{_x(left)}" y="{y}" width="{_num(share * BAR_WIDTH)}" height="{BAR_HEIGHT}" '
                f'fill="{_colour(brand, pillar)}" stroke="#ffffff" stroke-width="1">'
                f"<title>{_text(tip)}</title></rect>"
            )
            left += share
    else:
        parts.append(
            f'<text x="{BAR_LEFT + 6}" y="{middle}" font-size="10" fill="#6b7280">no posts</text>'
        )
    verdict, colour = {True: ("✓", "#15803d"), False: ("✗", "#b91c1c"), None: ("–", "#9ca3af")}[
        row.ok
    ]
    posts = "post" if row.total == 1 else "posts"
    right = BAR_LEFT + BAR_WIDTH + 8
    parts.append(
        f'<text x="{right}" y="{middle}" font-size="11" fill="#374151">{row.total} {posts}</text>'
        f'<text class="verdict" x="{right + 80}" y="{middle}" font-size="13" font-weight="700" '
        f'fill="{colour}">{verdict}</text>'
    )
    return parts


def _target_marks(brand: BrandReport, table: Table, height: int) -> list[str]:
    """Dashed lines where each pillar's target share ends (cumulative)."""
    shares = table.target_shares
    parts: list[str] = []
    edge = Fraction(0)
    for pillar in brand.pillars[:-1]:
        edge += shares[pillar]
        x = _x(edge)
        parts.append(
            f'<line class="target" data-pillar="{_text(pillar)}" x1="{x}" y1="{TOP - 6}" '
            f'x2="{x}" y2="{height - BOTTOM + 4}" stroke="#111827" stroke-width="1.5" '
            'stroke-dasharray="4 3"/>'
        )
    label = f"target {table.target_label}"
    parts.append(
        f'<text x="{BAR_LEFT}" y="{height - 6}" font-size="11" fill="#111827">'
        f"{_text(label)}</text>"
    )
    return parts


def _x(share: Fraction) -> str:
    return _num(BAR_LEFT + share * BAR_WIDTH)


def _num(value: Fraction) -> str:
    """Two decimals at most, the same on every machine."""
    text = f"{float(round(value, 2)):.2f}" if value.denominator != 1 else str(value.numerator)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _numbers(brand: BrandReport, table: Table) -> str:
    pillars = brand.pillars
    head = "".join(f"<th>{_text(p)}</th>" for p in pillars)
    first = "week" if brand.window == "week" else "month"
    shares = table.target_shares
    lines = [
        "<table>",
        f"<thead><tr><th>{first}</th><th>posts</th>{head}<th>in band</th></tr></thead>",
        "<tbody>",
        '<tr class="target"><td>target</td><td></td>'
        + "".join(f"<td>{percent(shares[p])}</td>" for p in pillars)
        + "<td></td></tr>",
    ]
    for row in table.rows:
        cells = "".join(_cell(row, p) for p in pillars)
        lines.append(
            f"<tr><td>{_text(row.window)}</td><td>{row.total}</td>{cells}{_verdict(row)}</tr>"
        )
    lines.extend(["</tbody>", "</table>"])
    return "\n".join(lines)


def _cell(row: Row, pillar: str) -> str:
    count = row.counts.get(pillar, 0)
    if not row.total:
        return '<td class="empty">–</td>'
    lo, hi = row.band[pillar]
    side = row.outside.get(pillar) if row.judged else None
    mark = {"below": " ▼", "above": " ▲"}.get(side or "", "")
    delta = ""
    if row.change is not None:
        delta = f'<span class="delta">{points(row.change[pillar])} pts</span>'
    css = ' class="out"' if side else ""
    return (
        f"<td{css}>{count} · {percent(row.share(pillar))}{mark} "
        f'<span class="band">{lo}..{hi}</span>{delta}</td>'
    )


def _verdict(row: Row) -> str:
    if row.ok is None:
        return '<td class="skip">–</td>'
    return '<td class="ok">✓</td>' if row.ok else '<td class="bad">✗</td>'
