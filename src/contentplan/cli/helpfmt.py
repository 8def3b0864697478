"""`--help` pages, laid out here in plain strings.

They read as Typer's Rich help does (the usage line, the help text, the
arguments, options and commands in boxed sections, defaults and ranges
beside each option), but are built without Rich's Markdown and table
machinery, which took longer to import than Typer, Rich and PyYAML
together: `contentplan check --help` then started in 2.5 times the time of
`python -c "import typer, rich, yaml"`.

The options take two columns, the names (with the value they take) and the
help; a name too long for its column sits on its own line with the help
under it, and on a narrow terminal every help goes under its name, so that
the help always keeps room to be read. Colours are written only to a
terminal (not with NO_COLOR, nor TERM=dumb). Help texts are plain text,
except that ``\\[`` writes ``[`` (as Rich markup escapes it).
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator

import typer.core
from typer import _click

# Styles as Typer's Rich help draws them (ANSI SGR codes).
_BOLD, _DIM = "1", "2"
_OPTION, _SWITCH = "1;36", "1;32"
_NEGATIVE_OPTION, _NEGATIVE_SWITCH = "1;35", "1;31"
_TYPES, _USAGE, _REQUIRED = "1;33", "33", "31"
_BORDER = _DIM
_COMMAND = "1;36"

# In help text: options, switches and <types> are highlighted.
_HIGHLIGHT = re.compile(
    r"(?:^|(?<=\W))(?P<option>--[\w-]+)(?![a-zA-Z0-9])"
    r"|(?:^|(?<=\W))(?P<switch>-\w+)(?![a-zA-Z0-9])"
    r"|(?P<types><[^>]+>)"
)
_HIGHLIGHT_STYLE = {"option": _OPTION, "switch": _SWITCH, "types": _TYPES}

# The names column of the options is at most this share of the width, and
# the help next to it at least this many cells wide (else it goes under).
_NAMES_SHARE = 3
_HELP_ROOM = 24
_MIN_WIDTH = 30


class Page:
    """What a help page is written for: its width and whether it may colour."""

    def __init__(self, width: int, colour: bool) -> None:
        self.width = max(width, _MIN_WIDTH)
        self.colour = colour

    @classmethod
    def here(cls) -> Page:
        """Standard output as it is: COLUMNS, else the terminal's width (of
        stdin too, so that `--help | less` is as wide as the terminal), else 80."""
        return cls(_terminal_width(), _colour_allowed())

    def style(self, text: str, codes: str) -> str:
        if not self.colour or not codes or not text:
            return text
        return f"\x1b[{codes}m{text}\x1b[0m"

    def highlight(self, text: str, base: str = "") -> str:
        """``text`` in the ``base`` style, its options and types highlighted."""
        if not self.colour:
            return text
        out: list[str] = []
        at = 0
        for found in _HIGHLIGHT.finditer(text):
            kind = found.lastgroup or ""
            out.append(self.style(text[at : found.start()], base))
            out.append(self.style(found.group(), _HIGHLIGHT_STYLE[kind]))
            at = found.end()
        out.append(self.style(text[at:], base))
        return "".join(out)


def _terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for descriptor in (1, 0, 2):
        try:
            return os.get_terminal_size(descriptor).columns
        except (OSError, ValueError):
            continue
    return 80


def _colour_allowed() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (wide East Asian letters two)."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(char) for char in text)


def _char_cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, between words (a
    word longer than a line is cut). A line that starts indented (an
    example) keeps its indent on every line it takes."""
    width = max(width, 1)
    body = text.lstrip(" ")
    indent = " " * min(len(text) - len(body), width // 2)
    lines: list[str] = []
    line = indent
    for word in body.split(" "):
        if not word:
            continue
        gap = "" if line == indent else " "
        if cells(line) + len(gap) + cells(word) <= width:
            line += gap + word
            continue
        if line != indent:
            lines.append(line)
            line = indent
        while cells(indent) + cells(word) > width:
            cut = _fit(word, width - cells(indent))
            lines.append(indent + word[:cut])
            word = word[cut:]
        line = indent + word
    if line != indent or not lines:
        lines.append(line)
    return lines


def _fit(word: str, room: int) -> int:
    """How many characters of ``word`` fit in ``room`` cells (at least one)."""
    used = 0
    for index, char in enumerate(word):
        used += _char_cells(char)
        if used > room:
            return max(index, 1)
    return len(word)


def _unescape(text: str) -> str:
    return text.replace("\\[", "[")


# -- the parts of a page ---------------------------------------------------------


def _usage(page: Page, command: _click.Command, ctx: _click.Context) -> Iterator[str]:
    usage = " ".join(command.get_usage(ctx).split())  # click wraps it at its own width
    yield ""
    for number, line in enumerate(wrap(usage, page.width - 2)):
        if number == 0 and line.startswith("Usage: "):
            yield " " + page.style("Usage: ", _USAGE) + page.style(line[len("Usage: ") :], _BOLD)
        else:
            yield " " + page.style(line, _BOLD)
    yield ""


def _help_text(page: Page, text: str) -> Iterator[str]:
    """The command's help: its first paragraph, then the others (dimmed),
    each line of them wrapped on its own (examples keep their lines)."""
    text = _unescape(inspect.cleandoc(text).partition("\f")[0])
    first, *rest = text.split("\n\n")
    for line in wrap(first.replace("\n", " ").strip(), page.width - 2):
        yield " " + page.highlight(line)
    if rest:
        yield ""
        for line in "\n\n".join(rest).split("\n"):
            for part in wrap(line, page.width - 2) if line.strip() else [""]:
                yield " " + page.highlight(part, _DIM) if part else ""
    yield ""


def _box(page: Page, title: str, rows: Iterable[str]) -> Iterator[str]:
    """A section: ``rows`` (each at most ``page.width - 4`` cells) framed,
    ``title`` in the top border."""
    inner = page.width - 4
    top = "╭─ " + title + " " + "─" * max(page.width - 5 - cells(title), 0) + "╮"
    yield page.style(top[:3], _BORDER) + title + page.style(top[3 + len(title) :], _BORDER)
    side = page.style("│", _BORDER)
    for row in rows:
        plain = _ANSI.sub("", row) if page.colour else row
        yield f"{side} {row}{' ' * max(inner - cells(plain), 0)} {side}"
    yield page.style("╰" + "─" * (page.width - 2) + "╯", _BORDER)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _columns(
    page: Page, rows: list[tuple[str, str, str]], names_width: int | None = None
) -> Iterator[str]:
    """Rows of (names as written, names styled, help) in two columns; see the
    module's docstring for where the help goes when the names are long."""
    inner = page.width - 4
    cap = max(inner // _NAMES_SHARE, 8)
    fitting = [cells(plain) for plain, _, _ in rows if cells(plain) <= cap]
    left = names_width or max(fitting, default=0)
    stacked = inner - left - 2 < _HELP_ROOM
    indent = 4 if stacked else left + 2
    for plain, styled, text in rows:
        lines = [part for line in text.split("\n") for part in wrap(line, inner - indent)]
        if text and not stacked and cells(plain) <= left:
            padding = " " * (left - cells(plain) + 2)
            yield styled + padding + page.highlight(lines.pop(0))
        elif cells(plain) > inner:
            yield from wrap(plain, inner)
        else:
            yield styled
        for line in lines if text else ():
            yield " " * indent + page.highlight(line)


def _parameter_rows(
    page: Page, params: list[_click.Parameter], ctx: _click.Context
) -> list[tuple[str, str, str]]:
    any_required = any(param.required for param in params)
    rows = []
    for param in params:
        plain_parts: list[str] = []
        styled_parts: list[str] = []
        if any_required:
            mark = "*" if param.required else " "
            plain_parts.append(mark)
            styled_parts.append(page.style(mark, _REQUIRED))
        names, styled = _names(page, param, ctx)
        plain_parts.append(names)
        styled_parts.append(styled)
        text = _parameter_help(param, ctx)
        rows.append((" ".join(plain_parts), " ".join(styled_parts), text))
    return rows


def _names(page: Page, param: _click.Parameter, ctx: _click.Context) -> tuple[str, str]:
    """An option's names and the value it takes (`--format, -f <auto|…>`),
    an argument's name and type (`[PATH]... <str>`): as written, and styled."""
    if isinstance(param, typer.core.TyperArgument):
        value = param.type.get_metavar(param=param, ctx=ctx) or f"<{param.type.name}>"
        names = [(param.metavar or param.name or "", _OPTION)]
        negative: list[tuple[str, str]] = []
    else:
        value = param.make_metavar(ctx)
        names = [(name, _OPTION) for name in param.opts if name.startswith("--")]
        names += [(name, _SWITCH) for name in param.opts if not name.startswith("--")]
        negative = [(name, _NEGATIVE_OPTION) for name in param.secondary_opts if "--" in name]
        negative += [
            (name, _NEGATIVE_SWITCH) for name in param.secondary_opts if "--" not in name
        ]
    if "bool" in value.lower() or getattr(param, "is_flag", False):
        value = ""
    if (
        isinstance(param.type, _click.types._NumberRangeBase)
        and not isinstance(param, typer.core.TyperArgument)
        and not (getattr(param, "count", False) and param.type.min == 0 and param.type.max is None)
    ):
        described = param.type._describe_range()
        if described:
            value += f" [{described}]"
    plain = ", ".join(name for name, _ in names)
    styled = ", ".join(page.style(name, style) for name, style in names)
    if negative:
        plain += " / " + ", ".join(name for name, _ in negative)
        styled += " / " + ", ".join(page.style(name, style) for name, style in negative)
    if value:
        plain += " " + value
        styled += " " + page.style(value, _TYPES)
    return plain, styled


def _parameter_help(param: _click.Parameter, ctx: _click.Context) -> str:
    """The help of one option or argument, then its default and whether it is
    required, as Typer's help gives them; lines are separate paragraphs."""
    paragraphs = [
        paragraph.replace("\n", " ").strip()
        if not paragraph.startswith("\b")
        else paragraph.strip("\b\n")
        for paragraph in _unescape(getattr(param, "help", None) or "").split("\n\n")
    ]
    text = "\n".join(p for p in paragraphs if p)
    extra: list[str] = []
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", False):
        names = envvar if isinstance(envvar, str) else ", ".join(envvar)
        extra.append(f"[env var: {names}]")
    if isinstance(param, (typer.core.TyperOption, typer.core.TyperArgument)):
        default = param._extract_default_help_str(ctx=ctx)
        is_str = isinstance(param.show_default, str)
        if is_str or (default is not None and (param.show_default or ctx.show_default)):
            shown = param._get_default_string(
                ctx=ctx, show_default_is_str=is_str, default_value=default
            )
            if shown:
                extra.append(f"[default: {shown}]")
    if param.required:
        extra.append("[required]")
    return " ".join([text, *extra]).strip() if extra else text


def _parameters(page: Page, command: _click.Command, ctx: _click.Context) -> Iterator[str]:
    """The Arguments section, then Options, then any other section a
    parameter names (Typer's ``rich_help_panel``)."""
    panels: dict[str, list[_click.Parameter]] = {"Arguments": [], "Options": []}
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        default = "Arguments" if isinstance(param, typer.core.TyperArgument) else "Options"
        panels.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(param)
    for title, params in panels.items():
        if params:
            yield from _box(page, title, _columns(page, _parameter_rows(page, params, ctx)))


def _epilog(page: Page, text: str) -> Iterator[str]:
    yield ""
    for line in _unescape(inspect.cleandoc(text)).split("\n"):
        for part in wrap(line, page.width - 2) if line.strip() else [""]:
            yield " " + page.highlight(part) if part else ""
    yield ""


# -- pages -------------------------------------------------------------------------


def command_help(command: _click.Command, ctx: _click.Context, page: Page | None = None) -> str:
    """The whole `--help` page of one command."""
    page = page or Page.here()
    lines = [*_usage(page, command, ctx)]
    if command.help:
        lines += _help_text(page, command.help)
    lines += _parameters(page, command, ctx)
    if command.epilog:
        lines += _epilog(page, command.epilog)
    return "\n".join(line.rstrip(" ") for line in lines) + "\n"


def group_help(
    group: _click.Command,
    ctx: _click.Context,
    listed: Iterable[tuple[str, str]],
    page: Page | None = None,
) -> str:
    """The `--help` page of the command line: its usage, help and options,
    then ``listed``, each command's name and one-line help."""
    page = page or Page.here()
    lines = [*_usage(page, group, ctx)]
    if group.help:
        lines += _help_text(page, group.help)
    lines += _parameters(page, group, ctx)
    commands = list(listed)
    if commands:
        width = max(cells(name) for name, _ in commands)
        rows = [(name, page.style(name, _COMMAND), summary) for name, summary in commands]
        lines += _box(page, "Commands", _columns(page, rows, names_width=width))
    if group.epilog:
        lines += _epilog(page, group.epilog)
    return "\n".join(line.rstrip(" ") for line in lines) + "\n"
