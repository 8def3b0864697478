"""One calendar file per month, through the real command line: `plan`
reads the months already written (a file, a folder, several files) and
writes the next month as a new file of only the planned posts, whose
`rules:` line resolves from its folder; `fix -o` and `import -o` elsewhere
write a `rules:` line that `check` on that file alone reads. `check` is the
oracle of every plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.hardening.support import assert_clean_failure, run_bounded

# `blog` is no built-in platform: a calendar checked without these rules
# fails, so a `rules:` line that does not resolve cannot pass unnoticed.
RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "20:00"], max_per_day: 2, min_gap: 3h}
  blog: {slots: ["12:00"], max_per_day: 1}
"""

SEPTEMBER = """\
version: 1
brand: acme
timezone: Asia/Shanghai
rules: ../rules/default.yaml
posts:
  - {id: s1, at: "2025-09-22 09:00", platform: weibo, pillar: functional, title: "Sept one"}
  - {id: s2, at: "2025-09-24 12:00", platform: blog, pillar: story, title: "Sept two"}
  - {id: s3, at: "2025-09-29 09:00", platform: weibo, pillar: functional, title: "Into W40"}
"""

# More pinned posts inside the planned week, in a second file: unless they
# count, the skeleton takes their slots and `check calendars/` fails.
EXTRA = """\
version: 1
brand: acme
timezone: Asia/Shanghai
rules: ../rules/default.yaml
posts:
  - {id: x1, at: "2025-10-01 20:00", platform: weibo, pillar: trending, title: "Holiday"}
  - {id: x2, at: "2025-10-02 12:00", platform: blog, pillar: story, title: "Essay"}
"""

OTHER_BRAND = """\
version: 1
brand: zeta
timezone: Europe/Paris
rules: ../rules/default.yaml
posts:
  - {id: z1, at: "2025-09-30 09:00", platform: weibo, pillar: story, title: "Zeta"}
"""

OLD_IDS = {"s1", "s2", "s3", "x1", "x2", "z1"}


def _project(root: Path, other_brand: bool = False) -> Path:
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "default.yaml").write_text(RULES, encoding="utf-8")
    (root / "calendars").mkdir()
    (root / "calendars" / "2025-09.yaml").write_text(SEPTEMBER, encoding="utf-8")
    (root / "calendars" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    if other_brand:
        (root / "calendars" / "zeta.yaml").write_text(OTHER_BRAND, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("calendars", "other_brand"),
    [
        (["--calendar", "calendars/"], False),
        (["--calendar", "calendars/", "--brand", "acme"], True),  # zeta's posts play no part
        (["--calendar", "calendars/2025-09.yaml", "--calendar", "calendars/extra.yaml"], False),
    ],
    ids=["folder", "folder-two-brands", "two-files"],
)
def test_plan_writes_the_next_month_as_a_new_file_that_checks_with_the_folder(
    tmp_path: Path, calendars: list[str], other_brand: bool
) -> None:
    project = _project(tmp_path / "project", other_brand)
    before = {p.name: p.read_bytes() for p in (project / "calendars").iterdir()}
    done = run_bounded(
        "plan", "--week", "2025-W40", *calendars, "-o", "calendars/2025-10.yaml",
        "--time-limit", "20", cwd=project, timeout=120,
    )
    assert done.code == 0, done.stderr
    written = project / "calendars" / "2025-10.yaml"
    new = yaml.safe_load(written.read_text(encoding="utf-8"))
    # only the planned posts, under the header a calendar needs
    assert (new["version"], new["brand"], new["timezone"]) == (1, "acme", "Asia/Shanghai")
    ids = [post["id"] for post in new["posts"]]
    assert ids and not OLD_IDS.intersection(ids)
    assert all(post["id"].startswith("slot-2025-W40-") for post in new["posts"])
    # its rules: line names the rules used, from the file's own folder
    assert (written.parent / new["rules"]).resolve() == (project / "rules/default.yaml").resolve()
    # the inputs are as they were
    assert all((project / "calendars" / name).read_bytes() == data for name, data in before.items())
    check = run_bounded("check", "calendars/", "--format", "json", cwd=project)
    assert check.code == 0, check.stdout + check.stderr
    summary = yaml.safe_load(check.stdout)["summary"]
    assert summary["files"] == len(before) + 1
    assert summary["posts"] == len(OLD_IDS) - (0 if other_brand else 1) + len(ids)


@pytest.mark.parametrize(
    ("only_new", "twice"),
    [(False, False), (True, False), (False, True)],
    ids=["one-file-whole", "one-file-only-new", "one-file-named-twice"],
)
def test_one_calendar_file_is_extended_unless_only_new_is_asked(
    tmp_path: Path, only_new: bool, twice: bool
) -> None:
    """One --calendar FILE: the output is its text with the new posts
    appended, as the format promises, and plan says how to get a month file
    of only the new posts; --only-new writes that file."""
    project = _project(tmp_path / "project")
    (project / "calendars" / "extra.yaml").unlink()
    source = project / "calendars" / "2025-09.yaml"
    flags = ["--only-new"] if only_new else []
    if twice:  # the same file by two names is still one calendar
        flags += ["--calendar", "calendars/../calendars/2025-09.yaml"]
    done = run_bounded(
        "plan", "--week", "2025-W40", "--calendar", "calendars/2025-09.yaml", *flags,
        "-o", "calendars/2025-10.yaml", "--time-limit", "20", cwd=project, timeout=120,
    )
    assert done.code == 0, done.stderr
    written = project / "calendars" / "2025-10.yaml"
    text = written.read_text(encoding="utf-8")
    ids = [post["id"] for post in yaml.safe_load(text)["posts"]]
    assert any(i.startswith("slot-2025-W40-") for i in ids)
    if only_new:
        assert not {"s1", "s2", "s3"}.intersection(ids)
        assert "--only-new" not in done.stderr
        check = run_bounded("check", "calendars/", "--format", "json", cwd=project)
        assert check.code == 0, check.stdout + check.stderr
    else:
        assert text.startswith(SEPTEMBER)  # the calendar's text, byte for byte, then the new posts
        assert "add --only-new" in done.stderr
    assert source.read_text(encoding="utf-8") == SEPTEMBER


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--calendar", "calendars/"], "holds calendars of 2 brands (acme, zeta): give --brand"),
        (["--calendar", "calendars/", "--brand", "nope"], "holds only brands acme, zeta"),
        (
            ["--calendar", "calendars/", "--brand", "acme", "--in-place"],
            "name the one to add the posts to, e.g. -o",
        ),
        (["--calendar", "calendars/", "--brand", "acme", "--whole"], "give one --calendar file"),
        (
            ["--calendar", "calendars/", "--brand", "acme", "-o", "calendars/extra.yaml"],
            "use --in-place to add them to the calendar (-o FILE --in-place names one",
        ),
    ],
    ids=["brands", "unknown-brand", "in-place-several", "whole-several", "input"],
)
def test_several_calendars_that_leave_plan_no_choice_exit_2(
    tmp_path: Path, args: list[str], words: str
) -> None:
    project = _project(tmp_path / "project", other_brand=True)
    before = {p.name: p.read_bytes() for p in (project / "calendars").iterdir()}
    done = run_bounded("plan", "--week", "2025-W40", *args, cwd=project)
    assert_clean_failure(done)
    assert words in done.stderr
    assert {p.name: p.read_bytes() for p in (project / "calendars").iterdir()} == before


BROKEN = """\
version: 1
brand: acme
timezone: Asia/Shanghai
{rules}posts:
  - {{id: a, at: "2025-09-22 09:00", platform: weibo, pillar: functional, title: "A"}}
  - {{id: b, at: "2025-09-22 10:00", platform: weibo, pillar: story, title: "B"}}
  - {{id: c, at: "2025-09-23 12:00", platform: blog, pillar: functional, title: "C"}}
"""


@pytest.mark.parametrize(
    "own_line", [True, False], ids=["calendar-rules-line", "rules-found-by-default"]
)
def test_fix_into_another_folder_checks_alone(tmp_path: Path, own_line: bool) -> None:
    """b is an hour after a (min_gap 3h): fix moves it. Written to a folder
    outside the project, the output names the rules fix used, the
    calendar's own or those found as rules/default.yaml, from there."""
    project = _project(tmp_path / "project")
    rules = "rules: ../rules/default.yaml\n" if own_line else ""
    (project / "calendars" / "broken.yaml").write_text(BROKEN.format(rules=rules), "utf-8")
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "elsewhere" / "fixed.yaml"
    done = run_bounded("fix", "calendars/broken.yaml", "-o", str(out), cwd=project, timeout=120)
    assert done.code == 0, done.stdout + done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("rules: ../project/rules/default.yaml\n") == 1
    assert '"2025-09-22 20:00"' in text  # b moved
    check = run_bounded("check", "fixed.yaml", "--format", "plain", cwd=out.parent)
    assert check.code == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("args", "rules"),
    [([], "rules/default.yaml"), (["--rules", "rules/blog-only.yaml"], "rules/blog-only.yaml")],
    ids=["default-rules", "rules-option"],
)
def test_import_into_another_folder_checks_alone(
    tmp_path: Path, args: list[str], rules: str
) -> None:
    project = _project(tmp_path / "project")
    (project / "rules" / "blog-only.yaml").write_text(
        'version: 1\nplatforms:\n  blog: {slots: ["12:00"]}\n', encoding="utf-8"
    )
    (project / "posts.csv").write_text(
        "id,date,time,platform,pillar,title\n"
        "p1,2025-10-06,12:00,blog,functional,First\n"
        "p2,2025-10-07,12:00,blog,story,Second\n",
        encoding="utf-8",
    )
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "imported.yaml"
    done = run_bounded(
        "import", "posts.csv", "--brand", "acme", "--timezone", "Asia/Shanghai",
        *args, "-o", str(out), cwd=project,
    )
    assert done.code == 0, done.stderr
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (out.parent / written["rules"]).resolve() == (project / rules).resolve()
    check = run_bounded("check", "imported.yaml", "--format", "plain", cwd=out.parent)
    assert check.code == 0, check.stdout + check.stderr
