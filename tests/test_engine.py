"""The engine: severities, --select/--ignore, post ignore:, --since,
pointing, sorting and identity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from contentplan.checks.engine import problem_violations, run_checks
from contentplan.core.model import Problem, Severity, Where
from tests.factory import FILE, brand, post, rules, week_of_posts

# Mix is off here: two posts of one pillar are out of any 5:3:2 band.
NO_MIX: dict[str, Severity] = {"mix": "off", "mix-brand": "off"}
GAP = rules(
    platforms={"weibo": {"min_gap": "2h"}, "x": {"quiet_hours": ("23:00", "06:00")}},
    severity=NO_MIX,
)



def test_a_violation_carries_what_spec_4_lists() -> None:
    b = brand(post("a", "2024-03-25 09:00"), post("b", "2024-03-25 10:00"), rules=GAP)
    [violation] = run_checks([b])
    assert violation.check == "spacing"
    assert violation.severity == "error"
    assert (violation.file, violation.line, violation.column) == (FILE, 5, 5)
    assert violation.brand == "acme"
    assert violation.platform == "weibo"
    assert violation.window == "2024-W13"
    assert violation.post_ids == ("a", "b")
    assert violation.expected is None and violation.actual is None


def test_severity_from_the_rules_and_off() -> None:
    posts = [post("a", "2024-03-25 09:00"), post("b", "2024-03-25 10:00")]
    warned = replace(GAP, severity={**NO_MIX, "spacing": "warning"})
    assert [v.severity for v in run_checks([brand(*posts, rules=warned)])] == ["warning"]
    silenced = replace(GAP, severity={**NO_MIX, "spacing": "off"})
    assert run_checks([brand(*posts, rules=silenced)]) == []


def test_duplicate_and_role_fit_default_to_warnings() -> None:
    info = rules(platforms={"weibo": {"role": "information"}})
    b = brand(
        post("a", "2024-03-25 09:00", pillar="story", title="Same"),
        post("b", "2024-03-26 09:00", pillar="story", title="Same"),
        rules=info,
    )
    found = {v.check: v.severity for v in run_checks([b], select=["duplicate", "role-fit"])}
    assert found == {"duplicate": "warning", "role-fit": "warning"}
    escalated = replace(info, severity={"role-fit": "error"})
    found = {v.check: v.severity for v in run_checks([brand(*b.posts, rules=escalated)],
                                                     select=["role-fit"])}
    assert found == {"role-fit": "error"}


def test_select_and_ignore() -> None:
    b = brand(
        post("a", "2024-03-25 09:00"),
        post("b", "2024-03-25 10:00"),
        post("x", "2024-03-25 23:30", "x"),
        rules=GAP,
    )
    assert {v.check for v in run_checks([b])} == {"spacing", "quiet-hours"}
    assert {v.check for v in run_checks([b], select=["spacing"])} == {"spacing"}
    assert {v.check for v in run_checks([b], ignore=["spacing"])} == {"quiet-hours"}
    assert run_checks([b], select=["spacing"], ignore=["spacing"]) == []
    with pytest.raises(ValueError, match="unknown check 'spaceing'"):
        run_checks([b], select=["spaceing"])


def test_post_ignore_drops_its_own_violations_only() -> None:
    b = brand(
        post("x1", "2024-03-25 23:30", "x", ignore=["quiet-hours"]),
        post("x2", "2024-03-25 23:40", "x"),
        post("x3", "2024-03-25 23:50", "x", ignore=["spacing"]),  # another check
        rules=GAP,
    )
    assert [v.post_ids for v in run_checks([b])] == [("x2",), ("x3",)]


def test_post_ignore_drops_a_pair_when_either_post_ignores() -> None:
    first = brand(post("a", "2024-03-25 09:00", ignore=["spacing"]),
                  post("b", "2024-03-25 10:00"), rules=GAP)
    second = brand(post("a", "2024-03-25 09:00"),
                   post("b", "2024-03-25 10:00", ignore=["spacing"]), rules=GAP)
    assert run_checks([first]) == []
    assert run_checks([second]) == []


def test_post_ignore_does_not_touch_group_checks() -> None:
    # A post cannot ignore mix (a schema problem); if one did, it still counts.
    posts = week_of_posts("2024-03-25", "weibo", {"story": 3})
    posts[0] = replace(posts[0], ignore=frozenset({"mix"}))
    assert [v.check for v in run_checks([brand(*posts)], select=["mix"])] == ["mix"]


def test_since_keeps_posts_after_the_day() -> None:
    b = brand(
        post("x-mon", "2024-03-25 23:30", "x"),
        post("x-tue", "2024-03-26 23:30", "x"),
        post("x-wed", "2024-03-27 00:00", "x"),  # 00:00 is inside 23:00-06:00
        rules=GAP,
    )
    assert [v.post_ids for v in run_checks([b], since=date(2024, 3, 26))] == [("x-wed",)]
    assert len(run_checks([b], since=date(2024, 3, 25))) == 2


def test_since_keeps_a_pair_when_its_second_post_is_after() -> None:
    b = brand(post("sun", "2024-03-31 23:00"), post("mon", "2024-04-01 00:30"), rules=GAP)
    assert [v.post_ids for v in run_checks([b], since=date(2024, 3, 31))] == [("sun", "mon")]
    assert run_checks([b], since=date(2024, 4, 1)) == []


def test_since_keeps_windows_that_end_after_the_day() -> None:
    posts = week_of_posts("2024-03-25", "weibo", {"story": 3})  # W13: Mon 25 - Sun 31
    b = brand(*posts)
    assert {v.check for v in run_checks([b], since=date(2024, 3, 30))} == {"mix", "mix-brand"}
    assert run_checks([b], since=date(2024, 3, 31)) == []


def test_since_with_month_windows() -> None:
    b = brand(post("a", "2024-03-04 09:00", pillar="story"),
              post("b", "2024-03-05 09:00", pillar="story"), rules=rules(window="month"))
    assert [v.window for v in run_checks([b], since=date(2024, 3, 30))] == ["2024-03", "2024-03"]
    assert run_checks([b], since=date(2024, 3, 31)) == []


def test_since_for_role_fit_looks_at_the_platforms_posts() -> None:
    info = rules(platforms={"weibo": {"role": "information"}})
    b = brand(post("a", "2024-03-25 09:00", pillar="story"),
              post("b", "2024-04-25 09:00", pillar="story"), rules=info)
    assert [v.check for v in run_checks([b], select=["role-fit"], since=date(2024, 4, 24))] == [
        "role-fit"
    ]
    assert run_checks([b], select=["role-fit"], since=date(2024, 4, 25)) == []


def test_points_at_the_earliest_post_and_sorts_ids_by_instant_then_id() -> None:
    # "b" is written first in the file but goes out later; "a2" and "a1"
    # share an instant, so the line decides where it points and the id the order.
    b = brand(
        post("b", "2024-03-25 10:00", "wechat", line=5),
        post("a2", "2024-03-25 09:00", "wechat", line=8),
        post("a1", "2024-03-25 09:00", "wechat", line=12),
        rules=rules(platforms={"wechat": {"max_per_day": 1}}),
    )
    [violation] = run_checks([b], select=["cadence"])
    assert violation.post_ids == ("a1", "a2", "b")
    assert violation.line == 8


def test_a_finding_without_posts_points_at_the_posts_key() -> None:
    b = brand(post("a", "2024-03-25 09:00"), post("b", "2024-04-08 09:00"),
              rules=rules(platforms={"weibo": {"min_per_week": 1}}))
    [violation] = run_checks([b], select=["cadence"])
    assert violation.window == "2024-W14"
    assert violation.post_ids == ()
    assert (violation.file, violation.line, violation.column) == (FILE, 4, 1)


def test_sorted_by_file_line_column_check() -> None:
    b = brand(
        post("x2", "2024-03-25 23:50", "x", line=9),
        post("x1", "2024-03-25 23:30", "x", line=6),
        post("a", "2024-03-25 09:00", "weibo", line=7),
        post("b", "2024-03-25 10:00", "weibo", line=8),
        rules=GAP,
    )
    found = [(v.line, v.check) for v in run_checks([b])]
    assert found == [(6, "quiet-hours"), (7, "spacing"), (9, "quiet-hours")]


def test_identical_identities_are_reported_once() -> None:
    b = brand(post("a", "2024-03-25 09:00"), post("b", "2024-03-25 10:00"), rules=GAP)
    assert len(run_checks([b, b])) == 1


def test_brands_are_kept_apart() -> None:
    one = brand(post("a", "2024-03-25 09:00"), rules=GAP, name="one")
    two = brand(post("b", "2024-03-25 10:00"), rules=GAP, name="two")
    assert run_checks([one, two]) == []


def test_problem_violations() -> None:
    problems = [
        Problem("b.yaml", 3, 1, "unknown key 'titel'", "p1"),
        Problem("a.yaml", 7, 5, "'2024-02-30' is not a date"),
        Problem("a.yaml", 2, 1, "missing key 'brand'"),
        Problem("a.yaml", 2, 1, "missing key 'brand'"),
    ]
    found = problem_violations(problems)
    assert [(v.file, v.line, v.post_ids) for v in found] == [
        ("a.yaml", 2, ()), ("a.yaml", 7, ()), ("b.yaml", 3, ("p1",)),
    ]
    assert all(v.check == "schema" and v.severity == "error" for v in found)
    assert all(v.window is None and v.platform is None for v in found)


def test_anchor_is_the_first_files_posts_key() -> None:
    b = brand(post("a", "2024-03-25 09:00"))
    assert b.anchor == Where(FILE, 4, 1)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_where_a_post_ends_is_found_only_when_asked(tmp_path: Path, newline: str) -> None:
    from contentplan.load.gather import gather

    (tmp_path / "rules.yaml").write_text(
        "version: 1\nplatforms:\n  weibo: {min_gap: 2h}\n", encoding="utf-8"
    )
    text = (
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nrules: rules.yaml\nposts:\n"
        "  - id: a\n    at: 2025-03-24 09:00\n    platform: weibo\n    pillar: story\n"
        "    title: A  # the title\n\n"
        "  - {id: b, at: 2025-03-24 10:00, platform: weibo, pillar: story, title: B}\n"
    )
    calendar = tmp_path / "c.yaml"
    calendar.write_bytes(text.replace("\n", newline).encode())
    found = gather([str(calendar)])
    assert not found.problems
    [shown] = [v for v in run_checks(found.brands) if v.check == "spacing"]
    assert (shown.line, shown.column, shown.end_line, shown.end_column) == (6, 5, 10, 13)
    [bare] = [v for v in run_checks(found.brands, ends=False) if v.check == "spacing"]
    assert (bare.end_line, bare.end_column) == (0, 0)
    assert replace(bare, end_line=10, end_column=13) == shown
