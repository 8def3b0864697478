"""The readers the schema loaders share (load/fields.py): the messages of
an unknown name, and the stop at the problem cap, in every loader."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from contentplan.core.limits import MAX_PROBLEMS
from contentplan.load.backlog import load_backlog
from contentplan.load.calendar import load_calendar
from contentplan.load.rules import default_rules, load_rules

NOTE = f"more than {MAX_PROBLEMS:,} problems: the first {MAX_PROBLEMS:,} are shown"


def test_an_unknown_name_says_what_is_wrong_the_nearest_choice_and_the_choices(
    tmp_path: Path,
) -> None:
    (tmp_path / "r.yaml").write_text(
        "version: 1\nmixx: 1\nmix: {target: {functional: 5, stroy: 3, story: 1, trending: 1}}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "version: 1\nitems:\n  - {id: a, pillar: story, title: t, prority: 2}\n",
        encoding="utf-8",
    )
    rules_problems = load_rules(str(tmp_path / "r.yaml"), "r.yaml")[1]
    backlog_problems = load_backlog(str(tmp_path / "b.yaml"), "b.yaml")[1]
    found = [(p.line, p.column, p.message) for p in rules_problems + backlog_problems]
    assert found == [
        (
            2,
            1,
            "unknown key 'mixx' in a rules file. Did you mean 'mix'? The keys allowed here "
            "are: version, pillars, mix, platforms, quiet_hours, blackouts, campaigns, "
            "trending, severity, series, evergreen",
        ),
        (
            3,
            31,
            "mix.target names 'stroy', which is not a pillar. Did you mean 'story'? "
            "The pillars are: functional, story, trending",
        ),
        (
            3,
            38,
            "unknown key 'prority' in a backlog item. Did you mean 'priority'? The keys "
            "allowed here are: id, pillar, title, platforms, format, priority, earliest, "
            "latest, campaign, phase, topic, expires, series, evergreen",
        ),
    ]


@pytest.mark.parametrize("kind", ["calendar", "backlog", "rules"])
def test_every_loader_stops_at_the_problem_cap_with_one_note(tmp_path: Path, kind: str) -> None:
    bad_keys = "".join(f"k{n}: 1\n" for n in range(MAX_PROBLEMS + 500))
    head = "version: 1\nbrand: acme\ntimezone: UTC\n"
    text = head + bad_keys + ("posts: []\n" if kind == "calendar" else "")
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    result: object
    if kind == "calendar":
        result, problems = load_calendar(str(path), path.name)
        assert result is None
    elif kind == "backlog":
        result, problems = load_backlog(str(path), path.name)
        assert result is None
    else:
        result, problems = load_rules(str(path), path.name)
        assert result == dataclasses.replace(default_rules(), source=path.name)
    assert len(problems) == MAX_PROBLEMS + 1
    assert sum(NOTE in p.message for p in problems) == 1
    assert NOTE in problems[-1].message
