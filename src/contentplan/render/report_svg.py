"""`contentplan report --svg`: the terminal report as an SVG picture (Rich's
SVG export) that opens offline."""

from __future__ import annotations

import io
import re

from rich.console import Console

from contentplan.render.report_rich import print_report
from contentplan.stats.report import Report


def report_svg(result: Report) -> str:
    """The SVG text of the report, as the terminal shows it at 100 columns."""
    console = Console(
        record=True,
        file=io.StringIO(),
        width=100,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    print_report(console, result)
    text = console.export_svg(title="contentplan report")
    # Rich names a web font as a fallback; the picture must open offline, so
    # keep only the local() sources and the monospace fallback.
    return re.sub(r',\s*url\("[^"]*"\)\s*format\("[^"]*"\)', "", text)
