"""Messages that read right (issue 13, item 8): folders given where a
calendar file was expected, paths outside the current folder, lines that
wrap between phrases, and `schema -o` into a folder that is not there.
Each case runs the real command line on files the test writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.support import run_bounded

RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], min_gap: 2h}
"""


def calendar(month: int, *posts: str) -> str:
    lines = [
        "version: 1",
        "brand: volta",
        "timezone: Asia/Shanghai",
        "rules: ../rules/default.yaml",
        "posts:",
    ]
    for n, day in enumerate(posts, 1):
        lines.append(
            f'  - {{id: m{month}-{n}, at: "2025-{month:02d}-{day} 09:00", platform: weibo, '
            f'pillar: functional, title: "Post {month}-{n}"}}'
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One brand kept as one calendar file per month."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "default.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "calendars").mkdir()
    (tmp_path / "calendars" / "2025-09.yaml").write_text(calendar(9, "29"), encoding="utf-8")
    (tmp_path / "calendars" / "2025-10.yaml").write_text(calendar(10, "01"), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return tmp_path


# -- a folder where one calendar file was expected ----------------------------------


def test_show_takes_a_folder_and_shows_one_brand_across_its_files(project: Path) -> None:
    """`show calendars/` said "no such file"; the week 2025-W40 spans both
    monthly files, and both posts show in one grid."""
    run = run_bounded("show", "calendars/", "--week", "2025-W40", cwd=project)
    assert run.code == 0, run.stderr
    assert "volta 2025-W40" in run.stdout
    assert "Post 9-1" in run.stdout and "Post 10-1" in run.stdout
    assert run.stdout.count("volta 2025-W40") == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "empty"], "empty: no calendar in this folder"),
        (["show", "nowhere"], "nowhere: no such file or folder"),
        (
            ["export", "calendars", "--to", "csv"],
            "calendars/ is a folder; export takes one calendar file: give one, e.g. "
            "calendars/2025-09.yaml (the calendars in it: calendars/2025-09.yaml, "
            "calendars/2025-10.yaml)",
        ),
        (
            ["fix", "calendars/"],
            "calendars/ is a folder; fix takes one calendar file: give one, e.g. "
            "calendars/2025-09.yaml",
        ),
        (["fix", "empty"], "empty/ is a folder, and no calendar is in it"),
    ],
)
def test_a_folder_where_one_file_is_needed_is_named(
    project: Path, args: list[str], expected: str
) -> None:
    run = run_bounded(*args, cwd=project)
    assert run.code == 2
    assert expected in run.stderr
    assert "Traceback" not in run.stderr


# -- paths outside the current folder --------------------------------------------------


def test_a_file_named_by_absolute_path_is_shown_so(project: Path) -> None:
    """`check /tmp/x.yaml` run from elsewhere printed ``../../../tmp/x.yaml``:
    people see the path as given (absolute here, relative when typed so);
    JSON keeps `file` relative to the current folder."""
    here = project / "here"
    here.mkdir()
    september = project / "calendars" / "2025-09.yaml"
    text = september.read_text(encoding="utf-8")
    clash = text.splitlines()[-1].replace("m9-1", "m9-2").replace("09:00", "10:00")
    september.write_text(text + clash + "\n", encoding="utf-8")
    outside = september.as_posix()
    broken = project / "calendars" / "broken.yaml"
    broken.write_text(calendar(9, "30").replace("../rules/default.yaml", "x.yaml"), "utf-8")
    plain = run_bounded("check", outside, "--format", "plain", "--select", "spacing", cwd=here)
    assert plain.code == 1, plain.stderr
    assert plain.stdout.startswith(f"{outside}:6:5: error [spacing]"), plain.stdout
    json_run = run_bounded("check", outside, "--format", "json", "--select", "spacing", cwd=here)
    assert '"file": "../calendars/2025-09.yaml"' in json_run.stdout
    missing = run_bounded("check", broken.as_posix(), cwd=here)
    assert missing.code == 2
    wanted = (
        f"{broken.as_posix()}:1:1: error [schema] the rules file "
        f"{project.as_posix()}/calendars/x.yaml does not exist"
    )
    assert wanted in missing.stderr + missing.stdout
    typed = run_bounded("check", "../calendars/2025-09.yaml", "--format", "plain", cwd=here)
    assert typed.stdout.startswith("../calendars/2025-09.yaml:6:5: warning [duplicate]")


# -- schema -o ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (
            ".schemas/calendar.json",
            ".schemas/calendar.json: the folder .schemas does not exist: create it with "
            "mkdir -p .schemas, then run again",
        ),
        (
            "my schemas/calendar.json",
            "the folder 'my schemas' does not exist: create it with mkdir -p 'my schemas'",
        ),
    ],
)
def test_schema_into_a_missing_folder_says_to_create_it(
    tmp_path: Path, target: str, expected: str
) -> None:
    run = run_bounded("schema", "calendar", "-o", target, cwd=tmp_path)
    assert run.code == 2
    assert expected in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_writes_the_same_text_with_o_as_to_stdout(tmp_path: Path) -> None:
    (tmp_path / ".schemas").mkdir()
    run = run_bounded("schema", "rules", "-o", ".schemas/rules.json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    printed = run_bounded("schema", "rules", cwd=tmp_path).stdout
    assert (tmp_path / ".schemas" / "rules.json").read_text(encoding="utf-8") == printed
    assert '"$schema"' in printed


# -- skeleton placeholders ---------------------------------------------------------------

SKELETON_RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "20:00"], max_per_day: 2, min_gap: 2h}
"""


@pytest.fixture
def skeleton(tmp_path: Path) -> Path:
    """A skeleton `plan` wrote without a backlog: two stand-ins a day."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "default.yaml").write_text(SKELETON_RULES, encoding="utf-8")
    run = run_bounded(
        "plan", "--week", "2025-W14", "--brand", "volta", "--timezone", "Asia/Shanghai",
        "--platforms", "weibo", "-o", "skeleton.yaml", "--time-limit", "20",
        cwd=tmp_path, timeout=120,
    )
    assert run.code == 0, run.stderr
    return tmp_path


def test_a_fresh_skeleton_passes_check_with_a_warning_per_stand_in(skeleton: Path) -> None:
    text = (skeleton / "skeleton.yaml").read_text(encoding="utf-8")
    posts = text.count("  - id: slot-2025-W14-weibo-")
    assert posts == 14 and text.count("    placeholder: true\n") == posts
    run = run_bounded("check", "skeleton.yaml", "--format", "plain", cwd=skeleton)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.count("warning [placeholder]") == posts
    assert (
        "warning [placeholder] post slot-2025-W14-weibo-mon-0900 is a placeholder: write its "
        "title and remove `placeholder: true`"
    ) in run.stdout
    assert run_bounded("check", "skeleton.yaml", "--strict", cwd=skeleton).code == 1


def test_placeholder_survives_export_and_import(skeleton: Path) -> None:
    exported = run_bounded("export", "skeleton.yaml", "--to", "csv", "-o", "s.csv", cwd=skeleton)
    assert exported.code == 0, exported.stderr
    header, first = (skeleton / "s.csv").read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.endswith(",notes,placeholder,series,repeat_of")
    assert first.endswith(",true,,")
    imported = run_bounded(
        "import", "s.csv", "--brand", "volta", "--timezone", "Asia/Shanghai", "-o", "back.yaml",
        cwd=skeleton,
    )
    assert imported.code == 0, imported.stderr
    back = (skeleton / "back.yaml").read_text(encoding="utf-8")
    assert back.count("    placeholder: true\n") == 14


@pytest.mark.parametrize("value", ['"true"', "yes", "1"])
def test_placeholder_takes_true_or_false_only(tmp_path: Path, value: str) -> None:
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: b\ntimezone: Asia/Shanghai\nposts:\n"
        '  - {id: a, at: "2025-03-04 12:30", platform: weibo, pillar: functional, '
        f'title: "T", placeholder: {value}}}\n',
        encoding="utf-8",
    )
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert run.code == 2
    assert "is not true or false: write placeholder: true on a stand-in post" in run.stdout


# -- wrapping between phrases ------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
# Figure groups a line must never split, and where they appear.
CHECK_GROUPS = [
    "0 of 3 posts,",
    "needs 1..2;",
    "needs 0..1 (6:2:2 ±10%):",
    "needs 0..1 (5:3:2 ±10%):",
    "weibo: w1 and w2 are 1h apart,",
    "to 2025-03-03 11:00 or later,",
]
SHOW_GROUPS = [
    "functional 0 (1..2) ✗",
    "story 3 (0..1) ✗",
    "trending 0 (0..1) ✓",
    "6:2:2 ±10%",
    "5:3:2 ±10%",
    "needs 0..1 (6:2:2 ±10%):",
]


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize(
    ("args", "groups"),
    [
        (["check", "broken.yaml", "--format", "rich"], CHECK_GROUPS),
        (["show", "broken.yaml", "--week", "2025-W10"], SHOW_GROUPS),
    ],
    ids=["check", "show"],
)
def test_lines_wrap_between_phrases_not_inside_figures(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
    args: list[str],
    groups: list[str],
) -> None:
    """At 80 columns the mix line read `needs` / `1..2` and `(5:3:2` /
    `±10%)` on two lines, and show's mix lines `trending 2` / `(1..3) ✓`."""
    for name in ("broken.yaml", "rules.yaml"):
        (tmp_path / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), "utf-8")
    monkeypatch.setenv("COLUMNS", str(columns))
    run = run_bounded(*args, cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines if "│" not in line) <= columns
    for group in groups:
        assert any(group in line for line in lines), (group, run.stdout)
