"""Issue 10: input within --max-bytes that used to be slow, huge, or echoed.

Each case is a shape that took the checker far longer (or far more memory,
or far more output) than its size suggests. Every run is bounded to 1 GiB
and guarded against a hang; the assertions are on the outcome: the exit
code, the message, and how much of the user's text the output repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentplan.core.limits import MAX_NODES, MAX_PROBLEMS
from tests.hardening.support import BIG_RULES, GIB, big_calendar, run_bounded

GUARD = 60.0  # seconds: a hang guard, not a timing assert
HEAD = "version: 1\nbrand: acme\ntimezone: UTC\n"
POST = '{id: a1, at: "2024-03-04 20:00", platform: weibo, pillar: functional, title: Hi}'
# No output line of these runs may be longer than this: a message quotes at
# most about 200 characters of what the user wrote, plus its own words.
LONGEST_LINE = 700


def longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    done = run_bounded(*args, cwd=tmp_path, memory=GIB, timeout=GUARD)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "internal error" not in done.stderr, done.stderr[-2000:]
    return done.code, done.stdout + done.stderr


# -- amplification: merge keys, many nodes, many problems -------------------------


def test_merged_posts_past_the_node_cap_are_refused(tmp_path: Path) -> None:
    """`- <<: *p` costs 11 bytes and stands for a whole post: 250,000 of them
    (2.75 MB) were 250,000 posts, each with a duplicate id message."""
    lines = [HEAD + "posts:\n", f"  - &p {POST}\n", "  - <<: *p\n" * 250_000]
    (tmp_path / "c.yaml").write_text("".join(lines), encoding="utf-8")
    code, output = run(tmp_path, "check", "c.yaml", "--format", "plain")
    assert code == 2
    assert f"more than {MAX_NODES:,} YAML values" in output, output[:2000]
    assert "split it into smaller files" in output
    assert len(output) < 2_000, output[:2000]


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["export", "--to", "csv"]])
def test_a_file_with_many_problems_shows_the_first_thousand(
    tmp_path: Path, command: list[str]
) -> None:
    """One id on 3,000 posts: the first 1,000 problems and a closing note."""
    posts = "".join(f"  - {POST}\n" for _ in range(3_000))
    (tmp_path / "c.yaml").write_text(HEAD + "posts:\n" + posts, encoding="utf-8")
    code, output = run(tmp_path, command[0], "c.yaml", *command[1:])
    assert code == 2
    note = f"more than {MAX_PROBLEMS:,} problems: the first {MAX_PROBLEMS:,} are shown"
    assert output.count(note) == 1, output[-2000:]
    assert output.count("is used twice in this file") == MAX_PROBLEMS
    if command[0] == "check":
        summary = json.loads(output)["summary"]
        assert summary["errors"] == MAX_PROBLEMS + 1


def test_many_unknown_platforms_are_capped_too(tmp_path: Path) -> None:
    posts = "".join(
        f'  - {{id: a{n}, at: "2024-03-04 20:00", platform: zz, pillar: functional, title: T}}\n'
        for n in range(2_000)
    )
    (tmp_path / "c.yaml").write_text(HEAD + "posts:\n" + posts, encoding="utf-8")
    code, output = run(tmp_path, "check", "c.yaml", "--format", "plain")
    assert code == 2
    assert output.count("unknown platform 'zz'") == MAX_PROBLEMS, output[-2000:]
    assert f"more than {MAX_PROBLEMS:,} problems" in output


# -- long values are quoted short ---------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check", "c.yaml", "--format", "plain"],
        ["check", "c.yaml", "--format", "json"],
        ["show", "c.yaml"],
        ["export", "c.yaml", "--to", "csv"],
        ["report", "c.yaml"],
    ],
)
def test_a_huge_time_zone_is_refused_and_quoted_short(
    tmp_path: Path, command: list[str]
) -> None:
    """A 6 MB `timezone:` was looked up, compared with every zone name for a
    hint (quadratic in its length) and echoed whole."""
    text = HEAD.replace("UTC", "x" * 6_000_000) + f"posts:\n  - {POST}\n"
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    code, output = run(tmp_path, *command)
    assert code == 2
    assert "unknown time zone 'xxx" in output, output[:2000]
    assert "(6,000,000 characters)" in output
    assert longest_line(output) < LONGEST_LINE and len(output) < 5_000


LONG = "y" * 1_000_000


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (HEAD + "posts:\n" + f"  - {POST.replace('a1', 'a' + LONG)}\n" * 2, "is used twice"),
        (HEAD + f"posts:\n  - {POST.replace('2024-03-04 20:00', LONG)}\n", "at: 'yyy"),
        (HEAD + f"posts:\n  - {POST.replace('weibo', LONG)}\n", "unknown platform 'yyy"),
        (HEAD + "posts: []\n? " + LONG + "\n: 1\n", "unknown key 'yyy"),
        (HEAD + "posts: []\nx:\n  ? " + LONG + "\n  : 1\n  ? " + LONG + "\n  : 2\n",
         "appears twice"),
        (HEAD + "posts: []\nx: *" + LONG + "\n", "refers to no anchor"),
        (HEAD + f"posts:\n  - {POST.replace('title: Hi', 'status: ' + LONG)}\n", "status 'yyy"),
        (HEAD + f"posts:\n  - {POST.replace('title: Hi', 'ignore: [' + LONG + ']')}\n",
         "ignore names 'yyy"),
    ],
    ids=["id", "at", "platform", "key", "duplicate-key", "alias", "status", "ignore"],
)
def test_a_megabyte_value_is_quoted_short(tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    code, output = run(tmp_path, "check", "c.yaml", "--format", "plain")
    assert code == 2
    assert words in output, output[:2000]
    assert "(1,000,00" in output  # the full length is said
    assert longest_line(output) < LONGEST_LINE, output[:2000]


def test_a_megabyte_rules_value_is_quoted_short(tmp_path: Path) -> None:
    rules = (
        "version: 1\nplatforms:\n  ? " + LONG + "\n  : {slots: [" + LONG + "]}\n"
        "mix: {tolerance: " + LONG + "}\n"
        "blackouts:\n  - {from: " + LONG + ", reason: x}\n"
    )
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        HEAD + f"rules: rules.yaml\nposts:\n  - {POST}\n", encoding="utf-8"
    )
    code, output = run(tmp_path, "check", "c.yaml", "--format", "plain")
    assert code == 2
    assert output.count("rules.yaml:") >= 3, output[:3000]
    assert longest_line(output) < LONGEST_LINE, output[:3000]


def test_a_huge_settings_value_is_quoted_short(tmp_path: Path) -> None:
    (tmp_path / "contentplan.yaml").write_text("format: " + "z" * 500_000 + "\n")
    (tmp_path / "c.yaml").write_text(HEAD + f"posts:\n  - {POST}\n", encoding="utf-8")
    code, output = run(tmp_path, "check", "c.yaml")
    assert code == 2
    assert "format: 'zzz" in output and "(500,000 characters)" in output, output[:2000]
    assert longest_line(output) < LONGEST_LINE


# -- work that grew with the square of the input -----------------------------------------


def test_many_pillars_and_a_target_for_each(tmp_path: Path) -> None:
    """mix.target tested each of its names against the tuple of pillars, and
    the unknown-pillar message listed all of them."""
    names = [f"p{n}" for n in range(20_000)]
    (tmp_path / "rules.yaml").write_text(
        "version: 1\npillars: [" + ", ".join(names) + "]\nmix:\n  target: {"
        + ", ".join(f"{name}: 1" for name in names) + "}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        HEAD + f"rules: rules.yaml\nposts:\n  - {POST}\n", encoding="utf-8"
    )
    code, output = run(tmp_path, "check", "c.yaml", "--format", "plain")
    assert code == 2
    assert "unknown pillar 'functional'" in output, output[:2000]
    assert "… and 19,9" in output  # the list of pillars is cut
    assert longest_line(output) < LONGEST_LINE


def test_many_blackouts(tmp_path: Path) -> None:
    """Every post was tested against every blackout: 20,000 × 10,000."""
    big_calendar(tmp_path, 10_000)
    blackouts = "".join(
        f"  - {{from: 2023-01-{1 + n % 28:02d}, to: 2023-01-{1 + n % 28:02d}, reason: r}}\n"
        for n in range(20_000)
    )
    # One that covers the planted post (2025-01-06 02:35 on p00) only.
    blackouts += (
        '  - {from: "2025-01-06 02:34", to: "2025-01-06 02:36", reason: now, platforms: [p00]}\n'
    )
    (tmp_path / "rules.yaml").write_text(BIG_RULES + "blackouts:\n" + blackouts)
    code, output = run(tmp_path, "check", "big.yaml", "--format", "json")
    assert code == 1, output[:2000]
    found = sorted((v["check"], tuple(v["post_ids"])) for v in json.loads(output)["violations"])
    assert found == [
        ("blackout", ("planted",)),
        ("spacing", ("p0000100", "planted")),
    ], found


def test_include_with_thirty_double_stars(tmp_path: Path) -> None:
    """glob walked the tree once per `**`: thirty of them never finished."""
    (tmp_path / "contentplan.yaml").write_text(
        'include: ["' + "**/" * 30 + '*.yaml"]\nexclude: ["' + "**/a*/" * 20 + 'b"]\n'
    )
    folder = tmp_path
    for _ in range(6):
        folder = folder / "a"
        (folder / "b").mkdir(parents=True)
    (folder / "c.yaml").write_text(HEAD + f"posts:\n  - {POST}\n", encoding="utf-8")
    code, output = run(tmp_path, "check", "--format", "json")
    assert code == 0, output[:2000]
    assert json.loads(output)["summary"]["files"] == 1


def test_many_rules_instants_in_a_dst_gap_are_capped(tmp_path: Path) -> None:
    """Each was compared with every problem before it, for each brand."""
    (tmp_path / "rules.yaml").write_text(
        "version: 1\nblackouts:\n"
        + "".join(
            f'  - {{from: "2024-03-31 02:{n % 60:02d}", to: 2024-04-02, reason: r{n}}}\n'
            for n in range(3_000)
        ),
        encoding="utf-8",
    )
    calendar = HEAD.replace("UTC", "Europe/Berlin") + f"rules: rules.yaml\nposts:\n  - {POST}\n"
    (tmp_path / "c.yaml").write_text(calendar, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(calendar.replace("acme", "other"), encoding="utf-8")
    code, output = run(tmp_path, "check", "c.yaml", "d.yaml", "--format", "plain")
    assert code == 2
    assert output.count("does not exist in Europe/Berlin") == MAX_PROBLEMS, output[-2000:]
    assert output.count(f"more than {MAX_PROBLEMS:,} problems") == 1
