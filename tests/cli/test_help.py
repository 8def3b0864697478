"""`--help` pages (contentplan.cli.helpfmt): every word of a command's help
and every option it takes are on the page, at any width, within the width;
colours only on a terminal; `contentplan` alone shows the help."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys

import pytest

from contentplan.cli import COMMANDS, build_app, load
from contentplan.cli.helpfmt import cells, wrap
from tests.conftest import run_cli

PAGES = [(), *((entry.name,) for entry in COMMANDS)]
BOX = "│╭╮╰╯─"


def said(text: str) -> list[str]:
    """The words of ``text``, boxes and wrapping left out."""
    return "".join(" " if char in BOX else char for char in text).split()


def in_order(words: list[str], page: list[str]) -> bool:
    remaining = iter(page)
    return all(word in remaining for word in words)


@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("command", PAGES, ids=[" ".join(p) or "contentplan" for p in PAGES])
def test_every_page_keeps_its_words_within_the_width(command: tuple[str, ...], width: int) -> None:
    run = run_cli(*command, "--help", env={"COLUMNS": str(width)})
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    usage = " ".join(lines[1 : lines.index("", 1)])  # a long name wraps on a narrow terminal
    assert " ".join(usage.split()).startswith("Usage: python -m contentplan " + " ".join(command))
    assert [line for line in lines if cells(line) > width] == []
    click = load(command[0]) if command else build_app_command()
    text = inspect.cleandoc(click.help or "").replace("\\[", "[")
    page = said(run.stdout)
    assert in_order(said(text), page)
    for param in click.params:
        if getattr(param, "hidden", False):
            assert not set(param.opts) & set(page)
            continue
        for name in [*param.opts, *param.secondary_opts]:
            if name.startswith("-"):
                assert name in page or f"{name}," in page
        help_text = getattr(param, "help", None) or ""
        assert in_order(said(help_text.replace("\\[", "[")), page), param.name
    if not command:
        for entry in COMMANDS:
            assert in_order([entry.name, *said(entry.summary)], page)


def build_app_command() -> object:
    import typer.main

    return typer.main.get_command(build_app())


def test_a_long_option_name_gets_its_own_line_and_keeps_the_help_beside() -> None:
    run = run_cli("check", "--help", env={"COLUMNS": "80"})
    lines = run.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if "--format, -f <auto|rich|plain|" in line)
    below = lines[at + 1]
    # the help starts on the next line, in the column of the other options' help
    rules = next(line for line in lines if line.startswith("│ --rules <str>"))
    column = rules.index("Rules file")
    assert below[:column].strip("│ ") == "" and below[column:].startswith("auto (the default)")


def test_the_default_and_the_range_are_shown() -> None:
    run = run_cli("check", "--help", env={"COLUMNS": "200"})
    shown = r"--max-bytes <int range> \[x>=1\] +Refuse .*\[default: 67108864\]"
    assert re.search(shown, run.stdout)


def test_contentplan_alone_shows_the_help_and_exits_2() -> None:
    run = run_cli()
    assert run.code == 2
    assert run.stdout.startswith("\n Usage: python -m contentplan [OPTIONS] COMMAND")
    assert "│ check " in run.stdout and run.stderr == ""


def test_wrap_keeps_an_example_indented_and_cuts_a_long_word() -> None:
    assert wrap("  contentplan check --diff origin/main", 20) == [
        "  contentplan check",
        "  --diff origin/main",
    ]
    assert wrap("a " + "x" * 25, 10) == ["a", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]
    assert wrap("微博 抖音", 4) == ["微博", "抖音"]


def test_colours_only_on_a_terminal() -> None:
    """One run on a pseudo-terminal (colours), the same page piped has none."""
    main, terminal = os.openpty()
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "contentplan", "check", "--help"],
        stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env, timeout=120,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert done.returncode == 0
    text = shown.decode("utf-8").replace("\r\n", "\n")
    assert "\x1b[1;36m--format\x1b[0m" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain == run_cli("check", "--help", env={"COLUMNS": "80"}).stdout
    assert "\x1b[" not in run_cli("check", "--help", env={"COLUMNS": "80"}).stdout
