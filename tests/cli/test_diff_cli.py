"""`check --diff REF` through the real command line, on git repositories
built in tmp_path: only violations new since REF are reported, each on a
post the change added or moved, with the earliest post as a related
location in SARIF.

The repository (tests.ci.gate_repo) has one old violation at REF: `spacing`
between w1 and w2 (one hour apart, two needed), on w1's line. The change
adds w6 one hour after w3: a new `spacing` violation whose earliest post is
the old w3, so without --diff it sits on w3's line, which the change did
not touch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.ci.gate_repo import W1, W2, W3, calendar, make_repo, write_calendar
from tests.conftest import SHARED, run_cli
from tests.hardening.support import HANG_GUARD, assert_clean_failure, run_bounded

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

W6 = '  - {id: w6, at: "2025-03-05 13:30", platform: weibo, pillar: story, title: "Evening"}\n'
# A calendar's lines: 5 header lines, then one post a line.
LINE = {"w1": 6, "w2": 7, "w3": 8, "w6": 9}
OTHER_BRAND = """\
version: 1
brand: nova
timezone: Asia/Shanghai
rules: ../rules/default.yaml
posts:
  - {id: n1, at: "2025-03-10 09:00", platform: weibo, pillar: story, title: "Launch"}
  - {id: n2, at: "2025-03-10 09:30", platform: weibo, pillar: story, title: "Launch day"}
"""
SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"
JSON_KEYS = ["check", "severity", "file", "line", "column", "message", "brand", "platform"]
JSON_KEYS += ["window", "post_ids", "expected", "actual"]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose one commit holds the calendar with the old violation."""
    root = make_repo(tmp_path / "repo", W1, W2, W3)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "calendar with an old violation")
    return root


def add_w6(repo: Path) -> None:
    write_calendar(repo, calendar(W1, W2, W3, W6))


def lines_of(text: str, marker: str) -> list[str]:
    return [line for line in text.splitlines() if marker in line]


@pytest.fixture(scope="module")
def validator() -> Any:
    if not SCHEMA.is_file():
        pytest.skip(f"{SCHEMA} is absent: the official SARIF schema lives in ../shared/data")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def test_sarif_reports_the_new_violation_on_the_added_post(repo: Path, validator: Any) -> None:
    add_w6(repo)
    git(repo, "commit", "-q", "-am", "add w6")
    run = run_bounded("check", "--diff", "HEAD~1", "--format", "sarif", cwd=repo)
    assert run.code == 1, run.stderr
    log = json.loads(run.stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    (result,) = log["runs"][0]["results"]  # w1/w2 was there at HEAD~1: not shown
    assert result["properties"]["postIds"] == ["w3", "w6"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == LINE["w6"]  # the line the change added
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == LINE["w3"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "calendars/volta.yaml"
    assert "'w3'" in related["message"]["text"] and "earliest" in related["message"]["text"]
    assert "[post 'w3'](1)" in result["message"]["text"]
    assert run.stderr.strip() == "1 new since HEAD~1 (1 already there, not shown)."


@pytest.mark.parametrize("output_format", ["plain", "github", "json", "junit"])
def test_every_format_shows_only_the_new_violation_where_it_was_added(
    repo: Path, output_format: str
) -> None:
    """Left in the working tree, uncommitted; REF is the first commit's hash."""
    first = git(repo, "rev-parse", "HEAD")
    add_w6(repo)
    run = run_bounded("check", "--diff", first, "--format", output_format, cwd=repo)
    assert run.code == 1, run.stderr
    summary = f"1 new since {first} (1 already there, not shown)."
    assert "w1" not in run.stdout  # the old violation
    if output_format == "json":
        (found,) = run.json()["violations"]
        assert (found["post_ids"], found["line"], found["column"]) == (["w3", "w6"], 9, 5)
        assert list(found) == JSON_KEYS  # the shape of a run without --diff
        assert run.stderr.strip() == summary
    elif output_format == "junit":
        assert "calendars/volta.yaml:9:5: error:" in run.stdout
        assert run.stderr.strip() == summary
    elif output_format == "github":
        assert "::error file=calendars/volta.yaml,line=9," in run.stdout
        assert run.stdout.rstrip().endswith(summary)
    else:
        (shown,) = lines_of(run.stdout, "[spacing]")
        assert shown.startswith("calendars/volta.yaml:9:5: error [spacing]")
        assert run.stdout.rstrip().endswith(summary)


def _rename(repo: Path) -> None:
    git(repo, "mv", "calendars/volta.yaml", "calendars/spring.yaml")


def _move_a_post_harmlessly(repo: Path) -> None:
    write_calendar(repo, calendar(W1, W2, W3.replace("12:30", "20:00"), comments=3))


def _move_a_post_into_trouble(repo: Path) -> None:
    """w3 moves to 10:30 on w2's day: w2 (earlier, untouched) and w3 clash."""
    write_calendar(repo, calendar(W1, W2, W3.replace("2025-03-05 12:30", "2025-03-03 10:30")))


def _add_a_file(repo: Path) -> None:
    (repo / "calendars" / "nova.yaml").write_text(OTHER_BRAND, encoding="utf-8")


def _tighten_the_rules(repo: Path) -> None:
    rules = repo / "rules" / "default.yaml"
    rules.write_text(rules.read_text().replace("min_gap: 2h", "min_gap: 72h"), encoding="utf-8")


def _delete_the_calendar_and_add_another(repo: Path) -> None:
    (repo / "calendars" / "volta.yaml").unlink()
    _add_a_file(repo)


@pytest.mark.parametrize(
    ("change", "code", "shown", "summary"),
    [
        # git sees a rename; identities hold no file name: nothing is new.
        (_rename, 0, [], "0 new since HEAD (1 already there, not shown)."),
        (_move_a_post_harmlessly, 0, [], "0 new since HEAD (1 already there, not shown)."),
        # Shown on the post that moved (w3), not on the earliest (w2).
        (
            _move_a_post_into_trouble,
            1,
            [f"calendars/volta.yaml:{LINE['w3']}:5"],
            "1 new since HEAD (1 already there",
        ),
        # A file that did not exist at REF is new, all of it.
        (_add_a_file, 1, ["calendars/nova.yaml:6:5"], "1 new since HEAD (1 already there"),
        (
            _delete_the_calendar_and_add_another,
            1,
            ["calendars/nova.yaml:6:5"],
            "1 new since HEAD (0 already there",
        ),
        # REF is judged with REF's rules: what stricter rules break is new;
        # it involves no post the change touched, so it stays on its earliest post.
        (
            _tighten_the_rules,
            1,
            ["calendars/volta.yaml:7:5"],  # w2 and w3, 50h apart: 72h needed now
            "1 new since HEAD (1 already there",
        ),
    ],
    ids=[
        "renamed-file",
        "moved-post",
        "post-moved-into-trouble",
        "added-file",
        "deleted-file",
        "tighter-rules",
    ],
)
def test_what_counts_as_new(
    repo: Path, change: Any, code: int, shown: list[str], summary: str
) -> None:
    change(repo)
    run = run_bounded("check", "--diff", "HEAD", "--format", "plain", cwd=repo)
    assert run.code == code, run.stdout + run.stderr
    places = [line.split(": ")[0] for line in lines_of(run.stdout, "error [")]
    assert places == shown
    assert summary in run.stdout


def test_a_ref_named_by_its_message_is_found(repo: Path) -> None:
    """`:/message` names a commit too; a `^{commit}` written after it made
    git search for the message "…^{commit}" instead."""
    add_w6(repo)
    run = run_bounded("check", "--diff", ":/calendar with", "--format", "plain", cwd=repo)
    assert run.code == 1, run.stdout + run.stderr
    assert "1 new since :/calendar with (1 already there, not shown)." in run.stdout


def test_a_submodule_is_read_at_the_commit_ref_records(repo: Path, tmp_path: Path) -> None:
    """A submodule's calendars were not read at REF, so every violation in
    them counted as new in every pull request."""
    inner = make_repo(tmp_path / "inner")
    own = calendar(W1, W2, W3).replace("brand: volta", "brand: inner")  # the old violation
    write_calendar(inner, own)
    git(inner, "init", "-q")
    git(inner, "add", "-A")
    git(inner, "commit", "-q", "-m", "inner calendar")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub")
    git(repo, "commit", "-q", "-m", "the submodule")
    run = run_bounded("check", "--diff", "HEAD", "--format", "plain", cwd=repo)
    assert run.code == 0, run.stdout + run.stderr
    assert "0 new since HEAD (2 already there, not shown)." in run.stdout
    new = calendar(W1, W2, W3, W6).replace("brand: volta", "brand: inner")
    write_calendar(repo / "sub", new)  # a new violation in the submodule
    run = run_bounded("check", "--diff", "HEAD", "--format", "plain", cwd=repo)
    assert run.code == 1, run.stdout + run.stderr
    assert [line.split(": ")[0] for line in lines_of(run.stdout, "error [")] == [
        f"sub/calendars/volta.yaml:{LINE['w6']}:5"
    ]


def test_a_file_too_large_at_ref_is_named_with_its_real_size(repo: Path) -> None:
    """It was said to be --max-bytes + 1 bytes long, the part written."""
    long = calendar(W1, W2, W3) + "#" * 9000 + "\n"
    write_calendar(repo, long)
    git(repo, "commit", "-q", "-am", "a long comment")
    write_calendar(repo, calendar(W1, W2, W3))
    run = run_bounded("check", "--diff", "HEAD", "--max-bytes", "5000", "-f", "plain", cwd=repo)
    assert run.code == 1, run.stdout + run.stderr
    size = len(long.encode("utf-8"))
    assert f"the file is {size:,} bytes, more than the limit of 5,000" in run.stderr, run.stderr


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_a_calendar_outside_the_repository_is_the_same_at_ref(
    repo: Path, tmp_path: Path, how: str
) -> None:
    """A file outside the repository is read as it is now on both sides. By
    a relative path it was looked for inside REF's copy instead, found
    missing, and all its violations counted as new."""
    outside = tmp_path / "outside.yaml"
    outside.write_text(calendar(W1, W2, W3).replace("brand: volta", "brand: other"), "utf-8")
    named = "../outside.yaml" if how == "relative" else str(outside)
    options = ["--rules", "rules/default.yaml", "--format", "plain"]
    run = run_bounded("check", "--diff", "HEAD", named, *options, cwd=repo)
    assert run.code == 0, run.stdout + run.stderr
    assert "0 new since HEAD (1 already there, not shown)." in run.stdout


@pytest.mark.parametrize("target", ["missing", "outside"])
def test_a_folder_that_was_a_link_out_at_ref_holds_nothing_there(
    repo: Path, tmp_path: Path, target: str
) -> None:
    """Run from calendars/, which at REF was a link out of the repository:
    to a missing folder it ended in "…/repository/calendars: File exists"
    (exit 2); to a folder elsewhere, that folder's files were read as REF's."""
    elsewhere = tmp_path / "elsewhere"
    if target == "outside":
        make_repo(elsewhere)  # the same calendar: read as REF's, nothing was new
    git(repo, "checkout", "-q", "-b", "linked")
    shutil.rmtree(repo / "calendars")
    (repo / "calendars").symlink_to(elsewhere / "calendars")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "calendars elsewhere")
    git(repo, "checkout", "-q", "-")
    run = run_bounded("check", "--diff", "linked", "--format", "plain", cwd=repo / "calendars")
    assert run.code == 1, run.stdout + run.stderr
    assert "1 new since linked (0 already there, not shown)." in run.stdout


def test_paths_from_a_subfolder_and_a_baseline_both_filter(repo: Path) -> None:
    """PATH arguments resolve at REF from the same subfolder; a baseline that
    lists the new violation hides it too."""
    add_w6(repo)
    _add_a_file(repo)
    baseline = repo / "known.json"
    entry = {
        "check": "spacing",
        "brand": "volta",
        "platform": "weibo",
        "window": "2025-W10",
        "post_ids": ["w3", "w6"],
    }
    baseline.write_text(json.dumps({"version": 1, "violations": [entry]}), encoding="utf-8")
    options = ["--diff", "HEAD", "--baseline", "../known.json", "--format", "plain"]
    run = run_bounded("check", ".", *options, cwd=repo / "calendars")
    assert run.code == 1, run.stdout + run.stderr
    places = [line.split(": ")[0] for line in lines_of(run.stdout, "error [")]
    assert places == ["nova.yaml:6:5"]
    assert "1 new since HEAD (1 already there, not shown)." in run.stdout
    assert "1 known violation remain in ../known.json." in run.stderr


@pytest.mark.parametrize(
    ("args", "where", "expected"),
    [
        (
            ["--diff", "no-such-branch"],
            "repo",
            "REF 'no-such-branch' is not a commit in this repository: try origin/main, "
            "or fetch it first (actions/checkout with fetch-depth: 0)",
        ),
        (["--diff=-x"], "repo", "REF '-x' starts with '-'"),
        (["--diff", "HEAD"], "plain-folder", "is not in one"),
        (["--diff", "HEAD"], "no-git", "git is not installed"),
        (["--diff", "HEAD", "--write-baseline", "b.json"], "repo", "do not go together"),
        (["--diff", "HEAD:calendars"], "repo", "REF 'HEAD:calendars' names a folder (a tree)"),
        (["--diff", "HEAD:rules/default.yaml"], "repo", "names a file (a blob), not a commit"),
        (["--diff", "x" * 5000], "repo", "REF '" + "x" * 200 + "… (5000 characters)' is not"),
    ],
    ids=[
        "unknown-ref",
        "option-like-ref",
        "not-a-repository",
        "no-git",
        "with-write-baseline",
        "tree-ref",
        "blob-ref",
        "huge-ref",
    ],
)
def test_bad_ref_or_no_repository_is_exit_2(
    repo: Path, tmp_path: Path, args: list[str], where: str, expected: str
) -> None:
    folder, environment = repo, {}
    if where == "plain-folder":
        folder = tmp_path / "plain-folder"
        shutil.copytree(repo / "calendars", folder / "calendars")
        shutil.copytree(repo / "rules", folder / "rules")
    if where == "no-git":
        (tmp_path / "empty").mkdir()
        environment = {"PATH": str(tmp_path / "empty")}  # python is named by its full path
    # run_cli, not run_bounded: this run needs its own PATH.
    run = run_cli("check", *args, cwd=folder, env=environment, timeout=HANG_GUARD)
    assert_clean_failure(run)
    assert expected in run.stderr
    assert run.stdout == ""
    assert not (repo / "b.json").exists()


def test_refs_files_are_laid_out_as_in_the_repository(repo: Path, tmp_path: Path) -> None:
    """What `check` may read at REF, and nothing else: YAML files, links as
    links, a file too large to read cut just past the limit, the rest a
    hole (the loader then refuses it, naming its size, as in the working
    tree), and a `.git` marker at the
    root so that the settings search stops there."""
    from contentplan.app.gitref import ref_tree

    (repo / "calendars" / "alias.yaml").symlink_to("volta.yaml")
    (repo / "calendars" / "big.yaml").write_text("#" * 500, encoding="utf-8")
    (repo / "README.md").write_text("not read by check\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more files")
    (repo / "calendars" / "volta.yaml").write_text("changed since\n", encoding="utf-8")
    here = Path.cwd()
    os.chdir(repo)
    try:
        with ref_tree("HEAD", max_bytes=480) as tree:  # the calendar: 448 bytes
            files = tree.folder / "calendars"
            assert os.readlink(files / "alias.yaml") == "volta.yaml"
            assert (files / "volta.yaml").read_text(encoding="utf-8") == calendar(W1, W2, W3)
            assert (files / "big.yaml").stat().st_size == 500  # as long as at REF
            assert (files / "big.yaml").read_bytes()[:481] == b"#" * 481
            assert (tree.folder / ".git").is_dir()
            assert (tree.folder / "rules" / "default.yaml").is_file()
            assert not (tree.folder / "README.md").exists()
            assert tree.in_checkout(str(files / "volta.yaml")) == str(
                Path(os.path.realpath(repo)) / "calendars" / "volta.yaml"
            )
        assert not tree.folder.exists()  # removed when the block ends
    finally:
        os.chdir(here)
