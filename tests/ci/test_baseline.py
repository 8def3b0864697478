"""Baselines: keyed on identity, so edits elsewhere in a file keep them
matching; a new violation still fails."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from contentplan.app.errors import AppError
from contentplan.core.model import Violation
from contentplan.load.baseline import (
    Baseline,
    BaselineError,
    baseline_text,
    fixed,
    load_baseline,
    split,
)
from tests.ci.samples import every_check, violation


def write_baseline(target: Path, violations: list[Violation]) -> int:
    """Record the violations as `check --write-baseline` does: the baseline's
    text through the one output writer. How many it records."""
    from contentplan.app.outputs import write_file

    text, count = baseline_text(violations)
    write_file(target, text, "--write-baseline")
    return count


def shifted(violations: list, lines: int) -> list:  # type: ignore[type-arg]
    """The same violations after lines were added above them and messages reworded."""
    return [
        dataclasses.replace(v, line=v.line + lines, column=v.column + 2, message=v.message + "!")
        for v in violations
    ]


def test_round_trip_accepts_every_recorded_violation(tmp_path: Path) -> None:
    target = tmp_path / ".contentplan-baseline.json"
    found = every_check()
    recorded = write_baseline(target, found)
    assert recorded == len(found) - 1  # all but the schema problem
    baseline = load_baseline(target)
    assert len(baseline) == recorded
    new, known = split(found, baseline)
    assert [v.check for v in new] == ["schema"]
    assert len(known) == recorded


def test_moving_lines_and_rewording_keep_the_baseline_matching(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    found = [v for v in every_check() if v.check != "schema"]
    write_baseline(target, found)
    moved = shifted(found, 40)
    moved = [dataclasses.replace(v, file="calendars/moved.yaml") for v in moved]
    new, known = split(moved, load_baseline(target))
    assert new == []
    assert len(known) == len(found)


def test_a_new_violation_is_new(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    found = [v for v in every_check() if v.check != "schema"]
    write_baseline(target, found)
    extra = violation("spacing", 80, ("w08", "w09"))
    grown_window = dataclasses.replace(found[0], post_ids=(*found[0].post_ids, "w11"))
    new, known = split([*found[1:], grown_window, extra], load_baseline(target))
    assert new == [grown_window, extra]
    assert len(known) == len(found) - 1
    assert fixed([*found[1:], grown_window, extra], load_baseline(target)) == 1


def test_posts_that_swap_times_are_the_same_pair(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    pair = violation("spacing", 12, ("w03", "w04"))
    write_baseline(target, [pair])
    swapped = dataclasses.replace(pair, post_ids=("w04", "w03"))
    assert split([swapped], load_baseline(target)) == ([], [swapped])


def test_repeats_are_counted(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    one = violation("cadence", 3, ())
    write_baseline(target, [one, one])
    entry = json.loads(target.read_text(encoding="utf-8"))["violations"][0]
    assert entry["count"] == 2
    new, known = split([one, one, one], load_baseline(target))
    assert (len(new), len(known)) == (1, 2)


def test_file_is_sorted_stable_and_free_of_lines(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    found = [v for v in every_check() if v.check != "schema"]
    write_baseline(a, found)
    write_baseline(b, shifted(list(reversed(found)), 7))
    text = a.read_text(encoding="utf-8")
    assert text == b.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["version"] == 1
    for entry in document["violations"]:
        assert set(entry) <= {"check", "brand", "platform", "window", "post_ids", "count"}
    # one entry per line, so reviews see one line per accepted violation
    assert len(text.splitlines()) == len(document["violations"]) + 5
    assert "小米" not in text and "line" not in text


def test_empty_baseline(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    assert write_baseline(target, []) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == {"version": 1, "violations": []}
    assert len(load_baseline(target)) == 0
    found = every_check()
    assert split(found, Baseline()) == (found, [])


def test_written_atomically_over_an_old_baseline(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old", encoding="utf-8")
    write_baseline(target, every_check())
    assert load_baseline(target)
    assert sorted(os.listdir(tmp_path)) == ["baseline.json"]


def test_unwritable_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(AppError, match="baseline.json"):
        write_baseline(tmp_path / "missing" / "baseline.json", every_check())


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ('{"version": 1, "violations": [', ["not JSON"], 1),
        ('{\n  "version": 1,\n  "violations": [}\n', ["not JSON"], 3),
        ('{"version": 2, "violations": []}', ['"version": 1'], 0),
        ("[]", ['"version": 1'], 0),
        ('{"version": 1, "violations": {}}', ["must be a list"], 0),
        ('{"version": 1, "violations": [3]}', ["violations[0] must be an object"], 0),
        ('{"version": 1, "violations": [{"check": "mix"}]}', ["lacks brand"], 0),
        (
            '{"version": 1, "violations": [{"check": "mix", "brand": 1, "platform": null,'
            ' "window": null, "post_ids": []}]}',
            ["violations[0].brand"],
            0,
        ),
        (
            '{"version": 1, "violations": [{"check": "mix", "brand": null, "platform": null,'
            ' "window": null, "post_ids": "a"}]}',
            ["post_ids"],
            0,
        ),
        (
            '{"version": 1, "violations": [{"check": "mix", "brand": null, "platform": null,'
            ' "window": null, "post_ids": [], "count": 0}]}',
            ["count"],
            0,
        ),
    ],
)
def test_malformed_baselines_name_file_and_problem(
    tmp_path: Path, text: str, words: list[str], line: int
) -> None:
    target = tmp_path / "baseline.json"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        load_baseline(target)
    error = caught.value
    assert error.file == target
    assert error.line == line
    assert "invalid baseline" in str(error)
    for word in words:
        assert word in str(error)


def test_missing_baseline_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="--write-baseline"):
        load_baseline(tmp_path / "nope.json")
