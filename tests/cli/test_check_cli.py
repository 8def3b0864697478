"""`contentplan check` end to end: every exit code, every output format,
the options, and golden files for plain and JSON output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))
ANSI = re.compile(r"\x1b\[")


def check(*args: str) -> tuple[int, str, str]:
    run = run_cli("check", *args, cwd=FIXTURES)
    assert "Traceback" not in run.stderr, run.stderr
    return run.code, run.stdout, run.stderr


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_clean_calendar_exits_0() -> None:
    code, out, _ = check("clean.yaml", "--format", "plain")
    assert code == 0, out
    assert out.strip().endswith("No problems in 1 file (9 posts).")


def test_violations_exit_1_plain_golden() -> None:
    code, out, _ = check("broken.yaml", "--format", "plain")
    assert code == 1
    assert re.search(r"^broken\.yaml:\d+:\d+: error \[spacing\] ", out, re.M)
    golden("check_broken.txt", out)


def test_json_is_exactly_the_spec_document() -> None:
    code, out, _ = check("broken.yaml", "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert set(document) == {"version", "summary", "violations"}
    assert document["version"] == 1
    assert set(document["summary"]) == {"files", "posts", "errors", "warnings"}
    keys = {
        "check",
        "severity",
        "file",
        "line",
        "column",
        "message",
        "brand",
        "platform",
        "window",
        "post_ids",
        "expected",
        "actual",
    }
    for violation in document["violations"]:
        assert set(violation) == keys
    checks = {v["check"] for v in document["violations"]}
    assert {"spacing", "quiet-hours", "duplicate", "mix", "mix-brand"} <= checks
    mix = next(v for v in document["violations"] if v["check"] == "mix")
    assert mix["expected"] == {"functional": [1, 2], "story": [0, 1], "trending": [0, 1]}
    assert mix["actual"] == {"functional": 0, "story": 3, "trending": 0}
    golden("check_broken.json", out)


def test_only_warnings_pass_unless_strict() -> None:
    assert check("warning_only.yaml", "--format", "plain")[0] == 0
    assert check("warning_only.yaml", "--format", "plain", "--strict")[0] == 1


def test_select_and_ignore_take_lists_both_ways() -> None:
    _, out, _ = check("broken.yaml", "--format", "json", "--select", "spacing,quiet-hours")
    assert {v["check"] for v in json.loads(out)["violations"]} == {"spacing", "quiet-hours"}
    _, out, _ = check(
        "broken.yaml", "--format", "json", "--select", "spacing", "--select", "duplicate"
    )
    assert {v["check"] for v in json.loads(out)["violations"]} == {"spacing", "duplicate"}
    _, out, _ = check("broken.yaml", "--format", "json", "--ignore", "mix,mix-brand")
    assert not {v["check"] for v in json.loads(out)["violations"]} & {"mix", "mix-brand"}


def test_unknown_check_name_is_exit_2_with_suggestion() -> None:
    code, _, err = check("clean.yaml", "--select", "spacng")
    assert code == 2
    assert "did you mean spacing" in err


def test_schema_errors_exit_2_and_are_all_reported() -> None:
    code, out, _ = check("schema_errors.yaml", "--format", "json")
    assert code == 2
    problems = json.loads(out)["violations"]
    assert all(v["check"] == "schema" for v in problems)
    text = " ".join(v["message"] for v in problems)
    assert "2025-02-30" in text
    assert "pillar" in text  # the did-you-mean for `pilar`
    assert {v["line"] for v in problems} >= {6, 7}


def test_missing_file_is_exit_2() -> None:
    code, out, err = check("nowhere.yaml", "--format", "plain")
    assert code == 2
    assert "nowhere.yaml" in out + err


def test_yaml_syntax_error_is_exit_2_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'version: 1\nbrand: x\ntimezone: UTC\nposts:\n  - {id: a, title: "open\n', "utf-8"
    )
    run = run_cli("check", str(bad), "--format", "plain", cwd=tmp_path)
    assert run.code == 2
    assert re.search(r"bad\.yaml:\d+:\d+", run.stdout + run.stderr)
    assert "Traceback" not in run.stderr


def test_bad_option_is_exit_2() -> None:
    assert check("clean.yaml", "--format", "xml")[0] == 2
    assert check("clean.yaml", "--since", "yesterday-ish")[0] == 2


def test_output_file_has_no_colour_codes(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    code, out, err = check("broken.yaml", "--format", "rich", "--output", str(target))
    assert code == 1
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert "[spacing]" in text and not ANSI.search(text)
    assert "Report written" in err


def test_rich_output_groups_by_file_and_shows_the_band(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    check("broken.yaml", "clean.yaml", "--format", "rich", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "broken.yaml"
    assert re.search(r"functional\s+0\s+1\.\.2\s+✗", text)
    golden("check_broken_rich.txt", text)


def test_folders_are_searched_for_calendars(tmp_path: Path) -> None:
    code, out, _ = check(".", "--format", "json")
    document = json.loads(out)
    assert document["summary"]["files"] == 4  # rules.yaml has no `posts:`
    assert code == 2  # schema_errors.yaml is among them


def test_github_actions_env_picks_github_format() -> None:
    run = run_cli("check", "broken.yaml", cwd=FIXTURES, env={"GITHUB_ACTIONS": "true"})
    assert run.code == 1
    assert "::error file=tests/cli/fixtures/broken.yaml,line=" in run.stdout  # repo-relative


def test_auto_format_is_plain_when_piped() -> None:
    code, out, _ = check("broken.yaml")
    assert code == 1
    assert re.search(r"^broken\.yaml:\d+:\d+: error", out, re.M)


def test_check_path_never_imports_ortools() -> None:
    """Start-up matters for a CI gate: nothing on `check` imports the solver."""
    code = (
        "import sys\n"
        "from contentplan.cli import app\n"
        "try:\n"
        "    app(['check', 'clean.yaml', '--format', 'json'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "roots = ('ortools', 'google', 'numpy', 'pandas')\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=FIXTURES, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_check_loads_only_its_own_command() -> None:
    """`contentplan check` as the console script runs it: the modules of the
    other commands (plan, fix, report, …) are never imported."""
    code = (
        "import sys\n"
        "sys.argv = ['contentplan', 'check', 'clean.yaml', '--format', 'json']\n"
        "from contentplan.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "others = sorted(m for m in sys.modules if m.startswith('contentplan.cli.')\n"
        "    and m.endswith('_cmd') and m != 'contentplan.cli.check_cmd')\n"
        "report = 'contentplan.render.report_rich' in sys.modules\n"
        "print('OTHERS:' + ','.join(others) + f' REPORT:{report}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=FIXTURES, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "OTHERS: REPORT:False"
    assert json.loads(done.stdout)["summary"]["errors"] == 0


def test_version_and_help() -> None:
    run = run_cli("--version")
    assert run.code == 0 and run.stdout.startswith("contentplan ")
    run = run_cli("check", "--help")
    assert run.code == 0 and "Exit codes" in run.stdout


@pytest.mark.parametrize("kind", ["plain", "json", "rich"])
def test_every_format_is_stable(kind: str) -> None:
    first = check("broken.yaml", "--format", kind)
    second = check("broken.yaml", "--format", kind)
    assert first == second


def test_a_calendar_cannot_point_rules_outside_its_repository(tmp_path: Path) -> None:
    """An untrusted calendar must not make `check` read any file on the machine."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "calendars").mkdir()
    (tmp_path / "outside.yaml").write_text("version: 1\n", encoding="utf-8")
    head = "version: 1\nbrand: b\ntimezone: UTC\nrules: {}\nposts: []\n"
    (repo / "calendars" / "a.yaml").write_text(head.format("/etc/passwd"), encoding="utf-8")
    (repo / "calendars" / "b.yaml").write_text(head.format("../../outside.yaml"), "utf-8")
    run = run_cli("check", "calendars", "--format", "plain", cwd=repo)
    assert run.code == 2
    assert run.stdout.count("must name a .yaml file inside the repository") == 2
    assert "root:" not in run.stdout  # nothing of /etc/passwd is quoted


def test_rules_beside_the_calendars_folder_work_from_anywhere(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    (brand / "calendars").mkdir(parents=True)
    (brand / "rules").mkdir()
    (brand / "rules" / "r.yaml").write_text((FIXTURES / "rules.yaml").read_text(), "utf-8")
    text = (FIXTURES / "clean.yaml").read_text(encoding="utf-8")
    (brand / "calendars" / "c.yaml").write_text(
        text.replace("rules: rules.yaml", "rules: ../rules/r.yaml"), encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = run_cli("check", str(brand / "calendars"), "--format", "plain", cwd=elsewhere)
    assert run.code == 0, run.stdout + run.stderr


@pytest.mark.parametrize(("strict", "expected"), [(False, 0), (True, 1)])
def test_a_reader_that_leaves_early_keeps_the_verdict(
    tmp_path: Path, strict: bool, expected: int
) -> None:
    """`check | head -0`: the reader is gone before check writes a byte. The
    exit code is still the verdict (warnings only: 0, or 1 with --strict),
    with no traceback. (Click alone would exit 1 on the broken pipe.)"""
    (tmp_path / "rules.yaml").write_text(
        "version: 1\nplatforms:\n  weibo: {slots: ['09:00']}\n"
        "quiet_hours: {from: '00:30', to: '07:00'}\n"
        "severity: {mix: off, mix-brand: off, cadence: off, spacing: off, role-fit: off,"
        " duplicate: off, quiet-hours: warning}\n",
        encoding="utf-8",
    )
    posts = [
        f"  - {{id: p{n}, at: '{date(2020, 1, 1) + timedelta(days=n)} 02:00',"
        f" platform: weibo, pillar: functional, title: 'Post {n}'}}"
        for n in range(30)
    ]
    (tmp_path / "cal.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: UTC\nrules: rules.yaml\nposts:\n"
        + "\n".join(posts)
        + "\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "contentplan", "check", "cal.yaml", "--format", "plain"]
    if strict:
        command.append("--strict")
    reader = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # gone before check has even started
    code = reader.wait(timeout=60)
    stderr = reader.stderr.read().decode()
    assert code == expected, stderr
    assert "Traceback" not in stderr
