"""`--format rich`: violations grouped by file, coloured by severity, with a
small table of counts against the band under every mix violation.

File names, messages and pillar names are user text: each goes in as a
``Text`` through `user_text`/`message_text` (escaped, never markup), so only
the styling added here reaches the terminal as escape codes.

The layout is a grid of four columns per file (place, severity, check,
message), laid out here one violation at a time: the first three columns
are as wide as their widest entry in the file, the message takes the rest
of the width and wraps. (Rich's own table measures every cell of the whole
grid, which takes seconds for thousands of violations; the text written is
the same.) When the width leaves the message too little room (a narrow
terminal), each violation is stacked: its place, severity and check on one
line, the message under it. On a terminal at most ``TERMINAL_CAP``
violations are shown, then a line saying how many more there are; a report
piped or written to a file is never cut."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from contentplan.core.model import Violation
from contentplan.render.summary import Summary
from contentplan.render.terminal import MESSAGE_LIMIT, Phrases, user_text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
# How many violations a terminal shows; `check --help` says so.
TERMINAL_CAP = 200
# When the width leaves fewer cells than this for a message that needs
# more, each violation is stacked instead: place, severity and check on one
# line, the message under them at the whole width. (A grid there left the
# message two cells wide, one character a line, or none at all at 20
# columns.)
_NARROW = 24
# Short messages in a column this narrow are left to Rich's grid.
_TINY = 12


def print_rich(console: Console, violations: Sequence[Violation], summary: Summary) -> None:
    shown: Sequence[Violation] = violations
    if _on_terminal(console) and len(violations) > TERMINAL_CAP:
        shown = violations[:TERMINAL_CAP]
    for file, group in groupby(shown, key=lambda v: v.file):
        console.print(user_text(file, "bold underline", limit=MESSAGE_LIMIT))
        _print_file(console, list(group))
        console.print()
    if len(shown) < len(violations):
        rest = len(violations) - len(shown)
        console.print(
            Text(
                f"… {rest:,} more, use --format plain to see all "
                f"(the terminal shows the first {TERMINAL_CAP:,})",
                style="bold",
            )
        )
    style = "bold red" if summary.errors else "yellow" if summary.warnings else "bold green"
    mark = "✗" if summary.errors or summary.warnings else "✓"
    console.print(Text(f"{mark} {summary.sentence()}", style=style))


def _on_terminal(console: Console) -> bool:
    """Whether the report goes to a terminal a person reads: never capped
    when piped or written to a file, even with FORCE_COLOR."""
    isatty = getattr(console.file, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed file
        return False


def _print_file(console: Console, violations: list[Violation]) -> None:
    """One file's violations, as Rich lays out `_file_grid`: a grid with one
    cell of padding at the edges and between columns, no column wider than
    its widest cell, and the message column cut to what the width leaves."""
    places = [f"{v.line}:{v.column}" for v in violations]
    checks = [f"[{v.check}]" for v in violations]
    width = console.width
    fixed = [
        max(map(cell_len, places)) + 2,
        max(cell_len(v.severity) for v in violations) + 1,
        max(map(cell_len, checks)) + 1,
    ]
    options = console.options.update(
        width=width, justify="left", overflow="fold", no_wrap=False, height=None, highlight=False
    )
    messages = [_message_cell(v) for v in violations]
    widest = max(_widest(console, options, message) for message in messages) + 1
    room = width - sum(fixed)
    message_width = min(widest, room, width) - 1
    if any(column > width for column in fixed) or room - 1 < min(_NARROW, widest - 1):
        _print_stacked(console, violations, messages)
        return
    if message_width < _TINY:
        console.print(_file_grid(violations))
        return
    cell_options = options.update_width(message_width)
    plain = console.color_system is None  # no styles to write: text is enough
    out: list[str] = []
    styled: list[Text] = []
    blank = " " * sum(fixed)
    for place, check, v, message in zip(places, checks, violations, messages, strict=True):
        if plain:
            texts = _plain_lines(console, message, message_width) or [
                line.plain for line in _message_lines(console, cell_options, message)
            ]
            out.append(
                f" {place.rjust(fixed[0] - 2)} {v.severity.ljust(fixed[1] - 1)} "
                f"{check.ljust(fixed[2] - 1)} {texts[0]} \n"
            )
            if len(texts) > 1:
                out.append(f" \n{blank}".join([blank + texts[1], *texts[2:]]) + " \n")
            continue
        left = [
            (" " + place.rjust(fixed[0] - 2) + " ", "cyan"),
            (v.severity.ljust(fixed[1] - 1) + " ", SEVERITY_STYLE.get(v.severity, "")),
            (check.ljust(fixed[2] - 1) + " ", "magenta"),
        ]
        for number, line in enumerate(_message_lines(console, cell_options, message)):
            row = Text.assemble(*left) if number == 0 else Text(blank)
            row.append_text(line)
            row.append(" ")
            styled.append(row)
    if out:
        console.file.write("".join(out))
    if styled:
        console.print(Text("\n").join(styled), no_wrap=True, overflow="ignore", crop=False)


def _print_stacked(
    console: Console, violations: Sequence[Violation], messages: Sequence[RenderableType]
) -> None:
    """The narrow layout: ``line:col severity [check]`` on a line of its own
    (folded if even that is too wide), the message under it, indented by 2."""
    for v, message in zip(violations, messages, strict=True):
        head = Text.assemble(
            (f" {v.line}:{v.column} ", "cyan"),
            (v.severity, SEVERITY_STYLE.get(v.severity, "")),
            (f" [{v.check}]", "magenta"),
        )
        head.overflow = "fold"
        console.print(head)
        console.print(Padding(message, (0, 0, 0, 2 if console.width > 8 else 0)))


def _message_cell(v: Violation) -> RenderableType:
    """The message, wrapped between its phrases (never inside "5..7" or
    "±10%"), with the band table under a mix violation."""
    message = Phrases.of_message(v.message)
    if v.expected is not None and v.actual is not None:
        return Group(message, _band_table(v))
    return message


def _widest(console: Console, options: ConsoleOptions, message: RenderableType) -> int:
    """How wide the message column must be for this message, as Rich
    measures a cell (its longest line, at most the whole width)."""
    room = options.max_width - 1
    if isinstance(message, Phrases):  # as Rich measures it: its width on one line
        return min(message.span, room)
    if isinstance(message, Text):
        text = message.plain
        if text.isascii() and text.isprintable():  # a cell a character
            return min(len(text), room)
        return min(max(map(cell_len, text.split("\n"))), room)
    if isinstance(message, Group):
        words, table = message.renderables
        band = _band(table)
        if band is not None and band[1] <= room:
            return min(max(_widest(console, options, words), band[0]), room)
    return Measurement.get(console, options.update_width(room), message).maximum


def _message_lines(
    console: Console, options: ConsoleOptions, message: RenderableType
) -> list[Text]:
    """The message cell's lines, with their styles, as Rich renders them."""
    width = options.max_width
    if isinstance(message, Phrases):
        return _phrase_lines(console, message, width)
    if isinstance(message, Text):
        text = message.plain
        if text.isascii() and text.isprintable() and not message.spans and not message.style:
            return [Text(line) for line in wrap_ascii(text, width)]
        return list(message.wrap(console, width, justify="left", overflow="fold"))
    if isinstance(message, Group):
        words, table = message.renderables
        band = _band(table)
        if band is not None and band[1] <= width:
            lines = _message_lines(console, options, words)
            for number, line in enumerate(band[2]):
                styled = Text()
                if number == 0:  # the header, bold as Rich writes it
                    styled.append(line, "bold")
                else:
                    # The marks' column is one cell: ✓ or ✗.
                    styled.append(line[:-1], "dim")
                    styled.append(line[-1], "green" if line[-1] == "✓" else "bold red")
                styled.append(" " * (width - cell_len(line)))
                lines.append(styled)
            return lines
    rendered = console.render_lines(Padding(message, 0), options, pad=True)
    drawn = []
    for segments in rendered:
        row = Text()
        for segment in segments:
            row.append(segment.text, segment.style)
        drawn.append(row)
    return drawn


def _plain_lines(console: Console, message: RenderableType, width: int) -> list[str] | None:
    """The message cell's lines as text, without Rich's rendering where it
    can be done exactly (ASCII messages, band tables that fit), else None."""
    if isinstance(message, Group):
        text, table = message.renderables
        band = _band(table)
        if band is None or band[1] > width:
            return None
        lines = _plain_lines(console, text, width)
        if lines is None:
            return None
        return lines + [f"{line}{' ' * (width - cell_len(line))}" for line in band[2]]
    if isinstance(message, Phrases):
        lines = message.plain_lines(width)
        if message.ascii and max(map(len, lines)) <= width:
            return [line.ljust(width) for line in lines]
        return [line.plain for line in _phrase_lines(console, message, width)]
    assert isinstance(message, Text)
    text = message.plain
    if text.isascii() and text.isprintable() and not message.spans:
        return wrap_ascii(text, width)
    return [line.plain for line in message.wrap(console, width, justify="left", overflow="fold")]


def _phrase_lines(console: Console, message: Phrases, width: int) -> list[Text]:
    """The lines of a message laid out between its phrases, padded to
    ``width`` as Rich writes a cell; a unit longer than a line is folded,
    as Rich renders the laid-out text."""
    laid = message.lay_out(width)
    lines = laid.split("\n")
    if all(cell_len(line.plain) <= width for line in lines):
        for line in lines:
            line.pad_right(width - cell_len(line.plain))
        return list(lines)
    return list(laid.wrap(console, width, justify="left", overflow="fold"))


def _band(table: RenderableType) -> tuple[int, int, list[str]] | None:
    """A band table as Rich lays it out at its natural width (see
    `_band_table`): each column as wide as its widest cell, two spaces after
    every column but the last. Its width as Rich measures it, the width its
    lines take (a column is at least one cell wide when drawn, the marks'
    even when there are no rows), and the lines."""
    rows = getattr(table, "band_rows", None)
    if rows is None:
        return None
    header = ("pillar", "posts", "band", "")
    measured = [max(cell_len(row[column]) for row in (header, *rows)) for column in range(4)]
    widths = [width or 1 for width in measured]
    lines = []
    for pillar, count, band, mark in (header, *rows):
        lines.append(
            f"{pillar}{' ' * (widths[0] - cell_len(pillar))}  {count.rjust(widths[1])}  "
            f"{band.rjust(widths[2])}  {mark.ljust(widths[3])}"
        )
    return sum(measured) + 6, sum(widths) + 6, lines


_WORD = re.compile(r"\s*\S+\s*")


def wrap_ascii(text: str, width: int) -> list[str]:
    """Printable ASCII text wrapped and padded to ``width`` exactly as
    ``Text.wrap(console, width, justify="left", overflow="fold")`` does it
    (every character one cell wide; a word longer than a line folded), but
    a line at a time: most messages are plain ASCII, and Rich's wrap walks
    word by word."""
    words = text.split()
    if words and width > 0 and text[0] != " " and max(map(len, words)) <= width:
        breaks = _breaks(text, width)
    else:
        breaks = _folded_breaks(text, width)
    lines = []
    for start, end in zip([0, *breaks], [*breaks, len(text)], strict=True):
        # Only spaces can run past the width: they are dropped there.
        lines.append(text[start:end][:width].ljust(width))
    return lines


def _breaks(text: str, width: int) -> list[int]:
    """Where lines start after the first, when every word fits on a line and
    the text starts with a word: a line holds the words that end (spaces
    after them aside) within ``width`` of its start."""
    breaks = []
    size = len(text)
    start = 0
    while start + width < size:
        limit = start + width
        if text[limit] == " ":  # the words up to here fit; the next starts after the spaces
            after = len(text) - len(text[limit:].lstrip(" "))
            if after >= size:
                break
            start = after
        else:  # the word across the limit starts the next line
            start = text.rfind(" ", start, limit) + 1
        breaks.append(start)
    return breaks


def _folded_breaks(text: str, width: int) -> list[int]:
    """Rich's word-by-word wrap (``rich._wrap.divide_line``) for ASCII."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        length = len(match.group().rstrip())
        if width - offset >= length:
            offset += end - start
        elif length > width:  # folded into pieces of `width` characters
            pieces = range(start, end, max(width, 1))
            breaks.extend(piece for piece in pieces if piece)
            offset = end - pieces[-1]
        elif offset and start:
            breaks.append(start)
            offset = end - start
    return breaks


def _file_grid(violations: list[Violation]) -> Table:
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(style="cyan", no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    grid.add_column(style="magenta", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for v in violations:
        grid.add_row(
            f"{v.line}:{v.column}",
            Text(v.severity, style=SEVERITY_STYLE.get(v.severity, "")),
            Text(f"[{v.check}]"),
            _message_cell(v),
        )
    return grid


class _BandTable(Table):
    """A band table that keeps its cells as text, for `_band`."""

    band_rows: list[tuple[str, str, str, str]]


def _band_table(v: Violation) -> Table:
    assert v.expected is not None and v.actual is not None
    table = _BandTable(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False)
    table.band_rows = []
    table.add_column("pillar", style="dim")
    table.add_column("posts", justify="right", style="dim")
    table.add_column("band", justify="right", style="dim")
    table.add_column("")
    for pillar, (lo, hi) in v.expected.items():
        count = v.actual.get(pillar, 0)
        ok = lo <= count <= hi
        mark = Text("✓", style="green") if ok else Text("✗", style="bold red")
        name = user_text(pillar)
        table.add_row(name, str(count), f"{lo}..{hi}", mark)
        table.band_rows.append((name.plain, str(count), f"{lo}..{hi}", mark.plain))
    return table
