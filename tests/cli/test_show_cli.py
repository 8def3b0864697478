"""`contentplan show`: the week grid, which week is chosen, marks, errors."""

from __future__ import annotations

from tests.conftest import ROOT, run_cli

GOOD = "calendars/veloq-2025-spring.yaml"
BROKEN = "calendars/broken/veloq-demo-broken.yaml"


def show(*args: str) -> tuple[int, str, str]:
    run = run_cli("show", *args, cwd=ROOT, env={"COLUMNS": "160"})
    assert "Traceback" not in run.stderr
    return run.code, run.stdout, run.stderr


def test_shows_the_week_that_holds_today() -> None:
    code, out, _ = show(GOOD, "--today", "2025-03-26")
    assert code == 0
    assert "veloq 2025-W13" in out
    assert "Mon 03-24" in out and "Sun 03-30" in out
    assert "weibo" in out and "6:2:2 ±10%" in out


def test_today_outside_the_calendar_shows_its_first_week() -> None:
    code, out, _ = show(GOOD, "--today", "2031-01-01")
    assert code == 0
    assert "veloq 2025-W11" in out


def test_several_weeks_and_a_platform_filter() -> None:
    code, out, _ = show(GOOD, "--week", "2025-W12", "--week", "2025-W13", "--platform", "weibo")
    assert code == 0
    assert "2025-W12" in out and "2025-W13" in out
    header = next(line for line in out.splitlines() if "day" in line and "┃" in line)
    assert "weibo" in header and "douyin" not in header


def test_violations_are_marked_and_listed() -> None:
    code, out, _ = show(BROKEN, "--week", "2025-W15")
    assert code == 0
    assert "✗spacing" in out
    assert "[quiet-hours]" in out and "move it before 00:30" in out


def test_bad_input_is_exit_2() -> None:
    assert show("nowhere.yaml")[0] == 2
    code, _, err = show(GOOD, "--week", "2025-W99")
    assert code == 2 and "2025" in err
    code, _, err = show(GOOD, "--platform", "weibu")
    assert code == 2 and "did you mean weibo" in err
